package io.fabrica.ui.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;

/**
 * The standard File / Edit / Window / Help menus with their key bindings, so that save, undo,
 * redo, copy and paste work in every Fabrica editor the way engineers expect.
 */
final class FabricaActionBarAdvisor extends ActionBarAdvisor {

    private static final ActionFactory[] FILE = {ActionFactory.SAVE, ActionFactory.SAVE_ALL, ActionFactory.CLOSE,
        ActionFactory.CLOSE_ALL, ActionFactory.REFRESH, ActionFactory.PROPERTIES};
    private static final ActionFactory[] EDIT = {ActionFactory.UNDO, ActionFactory.REDO, ActionFactory.CUT,
        ActionFactory.COPY, ActionFactory.PASTE, ActionFactory.DELETE, ActionFactory.SELECT_ALL};

    private final Map<ActionFactory, IAction> actions = new HashMap<>();
    private IAction quit;
    private IAction preferences;
    private IAction about;
    private IAction resetPerspective;

    FabricaActionBarAdvisor(IActionBarConfigurer configurer) {
        super(configurer);
    }

    @Override
    protected void makeActions(IWorkbenchWindow window) {
        for (ActionFactory factory : concat(FILE, EDIT)) {
            IAction action = factory.create(window);
            actions.put(factory, action);
            register(action);
        }
        quit = keep(ActionFactory.QUIT.create(window));
        preferences = keep(ActionFactory.PREFERENCES.create(window));
        about = keep(ActionFactory.ABOUT.create(window));
        resetPerspective = keep(ActionFactory.RESET_PERSPECTIVE.create(window));
    }

    @Override
    protected void fillMenuBar(IMenuManager menuBar) {
        IWorkbenchWindow window = getActionBarConfigurer().getWindowConfigurer().getWindow();
        MenuManager file = new MenuManager("&File", IWorkbenchActionConstants.M_FILE);
        MenuManager newMenu = new MenuManager("&New", ActionFactory.NEW.getId());
        newMenu.add(ContributionItemFactory.NEW_WIZARD_SHORTLIST.create(window));
        file.add(newMenu);
        file.add(new GroupMarker(IWorkbenchActionConstants.NEW_EXT));
        file.add(new Separator());
        addAll(file, FILE);
        file.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        file.add(new Separator());
        file.add(quit);

        MenuManager edit = new MenuManager("&Edit", IWorkbenchActionConstants.M_EDIT);
        addAll(edit, EDIT);
        edit.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));

        MenuManager windowMenu = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW);
        MenuManager perspectives = new MenuManager("Open &Perspective");
        perspectives.add(ContributionItemFactory.PERSPECTIVES_SHORTLIST.create(window));
        MenuManager views = new MenuManager("Show &View");
        views.add(ContributionItemFactory.VIEWS_SHORTLIST.create(window));
        windowMenu.add(perspectives);
        windowMenu.add(views);
        windowMenu.add(resetPerspective);
        windowMenu.add(new Separator());
        windowMenu.add(preferences);

        MenuManager help = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP);
        help.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        help.add(about);

        menuBar.add(file);
        menuBar.add(edit);
        menuBar.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        menuBar.add(windowMenu);
        menuBar.add(help);
    }

    private void addAll(MenuManager menu, ActionFactory[] factories) {
        for (ActionFactory factory : factories) {
            menu.add(actions.get(factory));
        }
    }

    private IAction keep(IAction action) {
        register(action);
        return action;
    }

    private static ActionFactory[] concat(ActionFactory[] a, ActionFactory[] b) {
        ActionFactory[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
