package nl.spreekuur.loadtest.report;

import java.lang.management.ManagementFactory;

/** The machine the run took place on, as every report states it. */
public record Machine(int cores, long memoryBytes, String java, String os) {
    public static Machine current() {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    @Override
    public String toString() {
        return cores + " cores, " + (memoryBytes / (1024 * 1024 * 1024)) + " GiB memory, " + java + ", " + os;
    }
}
