package io.securemessenger.benchmarks;

/**
 * One line per target of issue [7/8], in the form {@code benchmarks/run-targets.sh} collects from
 * every harness: {@code target: NAME: VALUE (goal GOAL) met|NOT met}.
 */
public final class Targets {
    private Targets() {
    }

    public static String line(String name, String value, String goal, boolean met) {
        return "target: " + name + ": " + value + " (goal " + goal + ") " + (met ? "met" : "NOT met");
    }
}
