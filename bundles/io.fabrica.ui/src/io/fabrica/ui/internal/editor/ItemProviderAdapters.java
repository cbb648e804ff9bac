package io.fabrica.ui.internal.editor;

import java.util.Collection;

import org.eclipse.emf.common.notify.AdapterFactory;
import org.eclipse.emf.edit.provider.IItemLabelProvider;
import org.eclipse.emf.edit.provider.ITreeItemContentProvider;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;

/**
 * JFace providers over EMF.Edit item providers: the small adapter of our own that stands in for
 * {@code emf.edit.ui}, which is not on Maven Central. Children and labels come from the generated item
 * providers, so the tree shows exactly what EMF.Edit says (names, types, "Signal Vibration").
 */
final class ItemProviderAdapters {

    private ItemProviderAdapters() {
    }

    /** Children from {@link ITreeItemContentProvider}; the input is a collection of roots. */
    static final class Content implements ITreeContentProvider {
        private final AdapterFactory factory;

        Content(AdapterFactory factory) {
            this.factory = factory;
        }

        @Override
        public Object[] getElements(Object input) {
            return input instanceof Collection<?> roots ? roots.toArray() : getChildren(input);
        }

        @Override
        public Object[] getChildren(Object parent) {
            ITreeItemContentProvider provider = (ITreeItemContentProvider) factory.adapt(parent, ITreeItemContentProvider.class);
            return provider == null ? new Object[0] : provider.getChildren(parent).toArray();
        }

        @Override
        public Object getParent(Object element) {
            ITreeItemContentProvider provider = (ITreeItemContentProvider) factory.adapt(element, ITreeItemContentProvider.class);
            return provider == null ? null : provider.getParent(element);
        }

        @Override
        public boolean hasChildren(Object element) {
            ITreeItemContentProvider provider = (ITreeItemContentProvider) factory.adapt(element, ITreeItemContentProvider.class);
            return provider != null && provider.hasChildren(element);
        }
    }

    /** Text from {@link IItemLabelProvider}; images are left to a later version. */
    static final class Labels extends LabelProvider {
        private final AdapterFactory factory;

        Labels(AdapterFactory factory) {
            this.factory = factory;
        }

        @Override
        public String getText(Object element) {
            IItemLabelProvider provider = (IItemLabelProvider) factory.adapt(element, IItemLabelProvider.class);
            return provider == null ? String.valueOf(element) : provider.getText(element);
        }
    }
}
