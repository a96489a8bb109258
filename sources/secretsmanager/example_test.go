package secretsmanager_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/secretsmanager"
)

// A rotation function dispatches on the step.
func ExampleRotationEvent() {
	payload := `{"Step":"setSecret","SecretId":"arn:aws:secretsmanager:us-east-1:111122223333:secret:db-a1b2c3",
		"ClientRequestToken":"5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e"}`

	var e secretsmanager.RotationEvent
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		panic(err)
	}
	switch e.Step {
	case secretsmanager.StepCreateSecret:
		fmt.Println("create version", e.VersionID())
	case secretsmanager.StepSetSecret:
		fmt.Println("set version", e.VersionID(), "in the database")
	case secretsmanager.StepTestSecret, secretsmanager.StepFinishSecret:
		fmt.Println(e.Step)
	}
	// Output:
	// set version 5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e in the database
}
