package io.fabrica.ui;

import java.nio.file.Path;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.IURIEditorInput;
import org.eclipse.ui.PartInitException;

/** The file behind an editor's input: Fabrica's editors read and write files, not workspace streams. */
public final class EditorFiles {

    private EditorFiles() {
    }

    /**
     * @param input a workspace file or a file opened from outside the workspace
     * @param editor the editor's name for the message, e.g. "plant editor"
     * @return the file's path
     * @throws PartInitException if the input is not a file
     */
    public static Path pathOf(IEditorInput input, String editor) throws PartInitException {
        if (input instanceof IFileEditorInput f && f.getFile().getLocation() != null) {
            return f.getFile().getLocation().toFile().toPath();
        }
        if (input instanceof IURIEditorInput u) {
            return Path.of(u.getURI());
        }
        throw new PartInitException("The " + editor + " opens files; " + input.getName() + " is not one");
    }
}
