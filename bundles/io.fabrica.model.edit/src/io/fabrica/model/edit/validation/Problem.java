package io.fabrica.model.edit.validation;

import org.eclipse.emf.ecore.EObject;

/**
 * One validation finding about one element of a plant model.
 *
 * @param severity how bad it is
 * @param path the element's path of names from the root ({@code ACME/Berlin/Line 1/Press 3/Temperature})
 * @param message what is wrong and what to do about it
 * @param element the element concerned (for jumping to it in an editor); may be {@code null}
 */
public record Problem(Severity severity, String path, String message, EObject element) {

    /** Severity of a finding; errors make {@code fabrica validate} exit 1. */
    public enum Severity {
        /** the model is wrong and must not be deployed */
        ERROR,
        /** probably a mistake, but the model works */
        WARNING,
        /** a hint */
        INFO;

        /** @return the lower-case name used on the command line ({@code error}, {@code warning}, {@code info}) */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @return {@code "<severity>: <path>: <message>"} */
    @Override
    public String toString() {
        return severity.label() + ": " + path + ": " + message;
    }
}
