/**
 * The benchmarks ({@link dev.rivulet.bench.Bench}): Rivulet against a bare Kafka Streams pipeline
 * ({@link dev.rivulet.bench.BarePipeline}) on the same broker in the same run.
 */
package dev.rivulet.bench;
