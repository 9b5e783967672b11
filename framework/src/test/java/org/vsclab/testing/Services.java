package org.vsclab.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Access to the services {@code ./run-tests} starts for the tests that need them (a real MLflow
 * server, a one-node Slurm cluster; see {@code testing/README.md}). A test that needs a service never
 * skips silently: it is skipped only when the run was started with {@code --skip-services}.
 */
public final class Services {

    private Services() {}

    /**
     * Returns the value a service exported, e.g. {@code VSC_TEST_MLFLOW_URI}.
     *
     * @param variable the environment variable the service's start script prints
     * @param what the service, for messages (e.g. "the MLflow server")
     * @return its value
     */
    public static String require(String variable, String what) {
        String value = System.getenv(variable);
        if (value != null && !value.isBlank()) {
            return value;
        }
        boolean skipped = "true".equalsIgnoreCase(System.getenv("VSC_TEST_SKIP_SERVICES"));
        Assumptions.assumeFalse(skipped, "skipped: needs " + what + " (./run-tests --skip-services was used)");
        return Assertions.fail("This test needs " + what + ", which ./run-tests starts (" + variable + " is not set). Run"
                + " ./run-tests, or ./run-tests --skip-services to skip the tests that need services.");
    }
}
