package nl.spreekuur.loadtest.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerSampleTest {
    @Test
    void readsCpuHeapAndConnectionsFromPrometheusText() {
        String text = """
                # HELP process_cpu_usage The "recent cpu usage" for the Java Virtual Machine process
                process_cpu_usage 0.25
                process_cpu_time_ns_total 2.5E9
                system_cpu_count 2.0
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1000.0
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 500.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 300.0
                spreekuur_connections_open 42.0
                """;

        ServerSample sample = ServerSample.parse(text, 7, Double.NaN);

        assertThat(sample.cpuUsage()).isEqualTo(0.25);
        assertThat(sample.cpuSeconds()).isEqualTo(2.5);
        assertThat(sample.cpuCount()).isEqualTo(2);
        assertThat(sample.heapBytes()).isEqualTo(1500);
        assertThat(sample.nonHeapBytes()).isEqualTo(300);
        assertThat(sample.connections()).isEqualTo(42);
    }

    @Test
    void readsTheResidentSetOfALocalProcess() {
        assertThat(ServerSample.rss(ProcessHandle.current().pid())).isPositive();
        assertThat(ServerSample.rss(0)).isNaN();
    }
}
