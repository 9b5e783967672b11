package org.vsclab.tracking.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * How requests authenticate, from MLflow's own environment variables: {@code
 * MLFLOW_TRACKING_TOKEN} (a bearer token) or {@code MLFLOW_TRACKING_USERNAME} with {@code
 * MLFLOW_TRACKING_PASSWORD} (basic auth); none when they are unset. The secret never leaves this
 * class except in the {@code Authorization} header: {@link #toString()} names only the scheme and
 * user.
 */
public final class Credentials {

    private static final Credentials NONE = new Credentials(null, null, "none");

    private final String header;
    private final String user;
    private final String description;

    private Credentials(String header, String user, String description) {
        this.header = header;
        this.user = user;
        this.description = description;
    }

    /** Returns credentials that send nothing. */
    public static Credentials none() {
        return NONE;
    }

    /**
     * Reads the credentials from environment variables, as MLflow's Python client does: a token wins
     * over a user name and password.
     *
     * @param env the environment (e.g. {@code System.getenv()})
     * @return the credentials
     * @throws IllegalArgumentException if only one of user name and password is set
     */
    public static Credentials fromEnvironment(Map<String, String> env) {
        String token = blankToNull(env.get("MLFLOW_TRACKING_TOKEN"));
        if (token != null) {
            return new Credentials("Bearer " + token, null, "token from MLFLOW_TRACKING_TOKEN");
        }
        String user = blankToNull(env.get("MLFLOW_TRACKING_USERNAME"));
        String password = env.get("MLFLOW_TRACKING_PASSWORD");
        if (user == null && (password == null || password.isEmpty())) {
            return NONE;
        }
        if (user == null || password == null) {
            throw new IllegalArgumentException("MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD must be set together"
                    + " (only " + (user == null ? "the password" : "the user name") + " is set)");
        }
        return basic(user, password);
    }

    /**
     * Returns basic-auth credentials.
     *
     * @param user the user name
     * @param password the password
     * @return the credentials
     */
    public static Credentials basic(String user, String password) {
        String encoded = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new Credentials("Basic " + encoded, user, "user '" + user + "' from MLFLOW_TRACKING_USERNAME/PASSWORD");
    }

    /** Returns the {@code Authorization} header's value, if any. */
    Optional<String> authorization() {
        return Optional.ofNullable(header);
    }

    /** Returns the user name, for basic auth. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** Names the kind of credentials without the secret (for messages). */
    @Override
    public String toString() {
        return description;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
