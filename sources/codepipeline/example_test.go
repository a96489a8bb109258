package codepipeline_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/evplugin/evplugin/sources/codepipeline"
)

// An invoke action reads its user parameters and artifacts, and ends the
// job with the input of PutJobSuccessResult or PutJobFailureResult.
func ExampleJobEvent() {
	raw := []byte(`{"CodePipeline.job":{"id":"c0d76431-b0e7-xmpl-97e3-e8ee786eb6f6","accountId":"123456789012",
		"data":{"actionConfiguration":{"configuration":{"FunctionName":"my-function","UserParameters":"{\"stage\":\"prod\"}"}},
		"inputArtifacts":[{"name":"SourceArtifact","revision":"e0c7xmpl","location":{"type":"S3","s3Location":{"bucketName":"my-bucket","objectKey":"my-pipeline/SourceArti/TdOSFRV"}}}],
		"outputArtifacts":[],"artifactCredentials":{"accessKeyId":"AKIA...","secretAccessKey":"...","sessionToken":"..."}}}}`)
	var e codepipeline.JobEvent
	if err := json.Unmarshal(raw, &e); err != nil {
		fmt.Println(err)
		return
	}
	var params struct {
		Stage string `json:"stage"`
	}
	if err := e.JSONUserParameters(&params); err != nil && !errors.Is(err, codepipeline.ErrPlainText) {
		f, _ := e.Failure(codepipeline.FailureConfigurationError, err.Error())
		fmt.Println(f)
		return
	}
	src, _ := e.InputArtifact("SourceArtifact")
	loc, err := src.S3()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(params.Stage, loc.URI())
	s, _ := e.Success(map[string]string{"stage": params.Stage})
	b, _ := json.Marshal(s)
	fmt.Println(string(b))
	// Output:
	// prod s3://my-bucket/my-pipeline/SourceArti/TdOSFRV
	// {"jobId":"c0d76431-b0e7-xmpl-97e3-e8ee786eb6f6","outputVariables":{"stage":"prod"}}
}
