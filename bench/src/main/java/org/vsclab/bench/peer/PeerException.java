package org.vsclab.bench.peer;

/** The peer cannot run: no interpreter with PyTorch, or the peer process failed; the message says why and what to do. */
public final class PeerException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line: what failed and the fix
     */
    public PeerException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message one line: what failed and the fix
     * @param cause the cause
     */
    public PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
