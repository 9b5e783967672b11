package org.vsclab.plugins.images;

import java.io.IOException;

/**
 * An image data file or folder VSC Lab cannot use: missing, not the expected format, corrupt,
 * truncated, or with a header that cannot be right. The message names the file and says what to do,
 * so it can be shown to the user unchanged.
 */
public class ImageDataException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the complete message, naming the file and the remedy
     */
    public ImageDataException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message the complete message, naming the file and the remedy
     * @param cause what the decoder reported
     */
    public ImageDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
