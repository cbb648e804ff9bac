package io.fabrica.ui.deploy.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;

/**
 * Persists the list of runtimes (endpoint, user, whether the password is remembered; never the password)
 * in the instance preferences of {@code io.fabrica.ui.deploy}, written at once on every change so the
 * list survives a crash, not only an orderly shutdown.
 */
final class RuntimeListStore {

    /** One saved runtime. */
    record Saved(String endpoint, String user, boolean remember) {
    }

    private static final String NODE = "io.fabrica.ui.deploy";
    private static final String KEY = "runtimes";

    /** @return the saved runtimes; a malformed line is skipped */
    List<Saved> load() {
        List<Saved> saved = new ArrayList<>();
        for (String line : node().get(KEY, "").split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 3 && !f[0].isBlank()) {
                saved.add(new Saved(f[0], f[1], Boolean.parseBoolean(f[2])));
            }
        }
        return saved;
    }

    /**
     * Saves the runtimes.
     *
     * @return {@code null} when saved, else why not (the list then lasts for this session only)
     */
    String save(List<RuntimeEntry> runtimes) {
        StringBuilder text = new StringBuilder();
        for (RuntimeEntry r : runtimes) {
            text.append(clean(r.endpoint())).append('\t').append(clean(r.user())).append('\t').append(r.remember()).append('\n');
        }
        IEclipsePreferences node = node();
        node.put(KEY, text.toString());
        try {
            node.flush();
            return null;
        } catch (BackingStoreException e) {
            return "the runtime list could not be saved: " + e.getMessage();
        }
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }

    private static IEclipsePreferences node() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }
}
