package kafka

import "github.com/evplugin/evplugin/sources/internal/esm"

// BatchResponse reports the records a function failed to process
// (ReportBatchItemFailures, which Lambda offers for Kafka event source
// mappings in provisioned mode): Lambda resumes each topic-partition it
// names from the lowest offset reported for it. Its Fail method takes a
// [Record]. The sources/batch package builds it from a function run over
// every record.
//
//	https://docs.aws.amazon.com/lambda/latest/dg/kafka-retry-configurations.html
type BatchResponse = esm.KafkaResponse

// BatchItemFailure names one failed record by its [ItemIdentifier].
type BatchItemFailure = esm.KafkaFailure

// ItemIdentifier names a record in a [BatchResponse]: its topic-partition
// (the key of [Batch.Records] it came under) and its offset, written
// {"partition": "orders-0", "offset": 15}.
type ItemIdentifier = esm.KafkaID

// ItemIdentifier is the topic-partition and offset of the record, which a
// [BatchResponse] names it by.
func (r Record) ItemIdentifier() ItemIdentifier {
	return ItemIdentifier{Partition: r.TopicPartition(), Offset: r.Offset}
}
