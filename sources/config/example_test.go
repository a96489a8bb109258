package config_test

import (
	"encoding/json"
	"fmt"

	"github.com/evplugin/evplugin/sources/config"
)

// A custom rule decodes the invoking event, judges the resource, and
// reports the evaluation with PutEvaluations (here, the input printed).
func ExampleRuleEvent_Notification() {
	raw := []byte(`{"version":"1.0","invokingEvent":"{\"configurationItem\":{\"configurationItemCaptureTime\":\"2026-02-17T01:36:34.043Z\",\"awsAccountId\":\"123456789012\",\"configurationItemStatus\":\"OK\",\"resourceId\":\"i-0abc\",\"resourceType\":\"AWS::EC2::Instance\",\"configuration\":{\"instanceType\":\"t3.large\"}},\"messageType\":\"ConfigurationItemChangeNotification\"}",
		"ruleParameters":"{\"desiredInstanceType\":\"t3.micro\"}","resultToken":"token-1","eventLeftScope":false,
		"configRuleArn":"arn:aws:config:us-east-2:123456789012:config-rule/config-rule-0123456","configRuleName":"instance-type","accountId":"123456789012"}`)
	var e config.RuleEvent
	if err := json.Unmarshal(raw, &e); err != nil {
		fmt.Println(err)
		return
	}
	n, err := e.Notification()
	if err != nil {
		fmt.Println(err)
		return
	}
	out := e.NewEvaluations()
	switch n := n.(type) {
	case *config.ConfigurationItemChange:
		var instance struct {
			InstanceType string `json:"instanceType"`
		}
		if err := n.ConfigurationItem.ConfigurationInto(&instance); err != nil {
			fmt.Println(err)
			return
		}
		want, _ := e.RuleParameter("desiredInstanceType")
		verdict := config.Compliant
		if e.EventLeftScope || n.ConfigurationItem.Deleted() {
			verdict = config.NotApplicable
		} else if instance.InstanceType != want {
			verdict = config.NonCompliant
		}
		ev, err := n.Evaluation(verdict, "instance type "+instance.InstanceType)
		if err == nil {
			err = out.Add(ev)
		}
		if err != nil {
			fmt.Println(err)
			return
		}
	case *config.ScheduledNotification:
		// ... list the resources and evaluate each ...
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
	// Output:
	// {"Evaluations":[{"ComplianceResourceType":"AWS::EC2::Instance","ComplianceResourceId":"i-0abc","ComplianceType":"NON_COMPLIANT","Annotation":"instance type t3.large","OrderingTimestamp":"2026-02-17T01:36:34.043Z"}],"ResultToken":"token-1"}
}
