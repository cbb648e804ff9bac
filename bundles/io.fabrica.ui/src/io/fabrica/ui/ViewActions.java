package io.fabrica.ui;

import org.eclipse.jface.action.Action;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.PlatformUI;

/**
 * The toolbar and menu actions of Fabrica's views (a label, a tooltip, a shared workbench image, the
 * work) and their push buttons (a label, a tooltip, the key tests find them by).
 */
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

    /**
     * @param parent the button's parent
     * @param text its label
     * @param key its {@link FabricaUi#WIDGET_KEY} (tests find it by this)
     * @param tooltip what it does, shown on hover
     * @return the push button
     */
    public static Button button(Composite parent, String text, String key, String tooltip) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setToolTipText(tooltip);
        b.setData(FabricaUi.WIDGET_KEY, key);
        return b;
    }
}
