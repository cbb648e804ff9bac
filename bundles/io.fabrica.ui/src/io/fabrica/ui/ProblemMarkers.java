package io.fabrica.ui;

import io.fabrica.model.edit.validation.Problem;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;

/** Validation problems as markers of an editor's file, so that the Problems view lists them and jumps back. */
public final class ProblemMarkers {

    /** What an editor adds to each marker to find the element again (ids, names). */
    @FunctionalInterface
    public interface Details {
        /**
         * @param marker the new marker
         * @param problem the problem it shows
         * @throws CoreException if the workspace refuses an attribute
         */
        void add(IMarker marker, Problem problem) throws CoreException;
    }

    private ProblemMarkers() {
    }

    /**
     * Replaces the file's markers of a type by one per problem: "path: message", its severity, and the
     * path as location.
     *
     * @param file the edited file
     * @param type the marker type (declared in the editor's plugin.xml)
     * @param problems the latest validation's problems
     * @param details adds the editor's own attributes to each marker
     * @throws CoreException if the workspace refuses the markers
     */
    public static void replace(IFile file, String type, List<Problem> problems, Details details) throws CoreException {
        file.deleteMarkers(type, true, IResource.DEPTH_ZERO);
        for (Problem p : problems) {
            IMarker marker = file.createMarker(type);
            marker.setAttribute(IMarker.MESSAGE, p.path() + ": " + p.message());
            marker.setAttribute(IMarker.SEVERITY, p.severity() == Problem.Severity.ERROR ? IMarker.SEVERITY_ERROR
                    : p.severity() == Problem.Severity.WARNING ? IMarker.SEVERITY_WARNING : IMarker.SEVERITY_INFO);
            marker.setAttribute(IMarker.LOCATION, p.path());
            details.add(marker, p);
        }
    }
}
