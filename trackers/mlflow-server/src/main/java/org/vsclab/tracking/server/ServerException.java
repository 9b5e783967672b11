package org.vsclab.tracking.server;

import java.io.IOException;

/**
 * A request to an MLflow server that did not succeed, classified for the caller: a transport
 * failure or an overloaded server is retried later ({@link #retryable()}); refused credentials or
 * permissions ({@link #refused()}) and other client errors are not. The message is one line naming
 * the server, the request and MLflow's own error, and never holds credentials.
 */
public final class ServerException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status, or 0 when no response came (connection refused, timeout, dropped). */
    private final int status;

    /** MLflow's {@code error_code}, or "" when the response had none. */
    private final String errorCode;

    /** Whether the request may have been applied although it failed (a dropped or timed-out response, a 5xx). */
    private final boolean uncertain;

    ServerException(String message, int status, String errorCode, boolean uncertain, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.uncertain = uncertain;
    }

    /** Returns the HTTP status, 0 when there was no response. */
    public int status() {
        return status;
    }

    /** Returns MLflow's error code (e.g. {@code RESOURCE_ALREADY_EXISTS}), or "". */
    public String errorCode() {
        return errorCode;
    }

    /** Tells whether trying again later may succeed: no response, 429, or a 5xx. */
    public boolean retryable() {
        return status == 0 || status == 429 || status >= 500;
    }

    /** Tells whether the server refused the credentials (401) or the permission (403). */
    public boolean refused() {
        return status == 401 || status == 403;
    }

    /** Tells whether the server may have applied the request although it failed. */
    public boolean uncertain() {
        return uncertain;
    }
}
