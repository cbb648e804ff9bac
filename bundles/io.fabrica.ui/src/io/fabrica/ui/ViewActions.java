package io.fabrica.ui;

import org.eclipse.jface.action.Action;
import org.eclipse.ui.PlatformUI;

/** The toolbar and menu actions of Fabrica's views: a label, a tooltip, a shared workbench image, the work. */
public final class ViewActions {

    private ViewActions() {
    }

    /**
     * @param text the label (with {@code &} mnemonic if wanted)
     * @param tooltip what it does, shown on hover
     * @param sharedImage an {@code ISharedImages} key, or {@code null} for none
     * @param work run on the UI thread when the action is chosen
     * @return the action
     */
    public static Action create(String text, String tooltip, String sharedImage, Runnable work) {
        Action action = new Action(text) {
            @Override
            public void run() {
                work.run();
            }
        };
        action.setToolTipText(tooltip);
        if (sharedImage != null) {
            action.setImageDescriptor(PlatformUI.getWorkbench().getSharedImages().getImageDescriptor(sharedImage));
        }
        return action;
    }
}
