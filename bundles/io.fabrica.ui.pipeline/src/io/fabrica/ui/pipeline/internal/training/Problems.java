package io.fabrica.ui.pipeline.internal.training;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Turns the exceptions of training and evaluation into one readable sentence for the view and its
 * error dialog. The headless code already names the file and problem in its messages; this only fills
 * in the few JDK exceptions whose message is a bare path.
 */
public final class Problems {

    private Problems() {
    }

    /**
     * @param e what went wrong
     * @return a sentence naming the problem, never a stack trace
     */
    public static String readable(Throwable e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + " does not exist";
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + " cannot be read or written (access denied)";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getCause() != null && e.getCause() != e ? readable(e.getCause()) : e.getClass().getSimpleName();
        }
        return message;
    }
}
