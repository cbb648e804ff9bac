package io.fabrica.ui.internal;

import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;
import org.eclipse.ui.ide.IDE;

import io.fabrica.ui.FabricaUi;

/**
 * Sets the workbench up like an IDE: resource adapters for the Project Explorer and Properties,
 * the workspace root as page input, the layout saved between sessions, and the workspace saved
 * on exit so that no edit is lost.
 */
final class FabricaWorkbenchAdvisor extends WorkbenchAdvisor {

    @Override
    public void initialize(IWorkbenchConfigurer configurer) {
        super.initialize(configurer);
        configurer.setSaveAndRestore(true);
        IDE.registerAdapters();
    }

    @Override
    public String getInitialWindowPerspectiveId() {
        return FabricaUi.ENGINEERING_PERSPECTIVE;
    }

    /** Vendor plugins installed in an earlier session (Preferences › Fabrica › Plugins) come back. */
    @Override
    public void postStartup() {
        super.postStartup();
        try {
            io.fabrica.core.plugins.PluginInstaller.forInstallation(
                    org.osgi.framework.FrameworkUtil.getBundle(getClass()).getBundleContext()).restore();
        } catch (io.fabrica.core.plugins.PluginException e) {
            ILog.of(getClass()).error("The installed Fabrica plugins are not available in this session: " + e.getMessage(), e);
        }
    }

    @Override
    public IAdaptable getDefaultPageInput() {
        return ResourcesPlugin.getWorkspace().getRoot();
    }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new FabricaWindowAdvisor(configurer);
    }

    @Override
    public void postShutdown() {
        try {
            ResourcesPlugin.getWorkspace().save(true, new NullProgressMonitor());
        } catch (CoreException e) {
            ILog.of(getClass()).log(e.getStatus());
        }
        super.postShutdown();
    }
}
