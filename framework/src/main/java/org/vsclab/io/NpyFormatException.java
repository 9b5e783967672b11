package org.vsclab.io;

import java.io.IOException;

/**
 * A {@code .npy} file that VSC Lab cannot use: missing, not a NumPy file, an unsupported dtype or
 * layout, a malformed header, truncated data, or an array of the wrong rank.
 *
 * <p>The message always names the file and says what to do about it, so it can be shown to the
 * user unchanged.
 */
public class NpyFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the complete message, naming the file and the remedy
     */
    public NpyFormatException(String message) {
        super(message);
    }
}
