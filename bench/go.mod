module github.com/evplugin/evplugin/bench

go 1.26

require (
	github.com/aws/aws-lambda-go v1.55.1
	github.com/evplugin/evplugin v0.0.0
	github.com/go-json-experiment/json v1.27.2
	github.com/goccy/go-json v0.12.0
	github.com/stretchr/testify v1.12.1
)

require (
	github.com/go-viper/mapstructure/v2 v2.5.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)

replace github.com/evplugin/evplugin => ../
