package io.fabrica.ui.deploy.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.equinox.security.storage.EncodingUtils;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;

/**
 * Where runtime passwords live: in memory for the workbench session (so closing and reopening the view
 * keeps them), and in Eclipse secure storage only when the user ticked "remember". Never in the
 * preference file or the view's memento.
 *
 * <p>Secure storage needs a password provider module (the OS keyring or a master password dialog); an
 * installation without one cannot encrypt, so {@link #remember} reports that and the password stays in
 * memory only. Thread-safe.
 */
final class CredentialStore {

    private static final String NODE = "io.fabrica.ui.deploy/runtimes";
    private static final String PASSWORD = "password";
    /** Passwords typed in this session, by endpoint; static so they outlive a closed view. */
    private static final Map<String, char[]> SESSION = new ConcurrentHashMap<>();

    /** Keeps a password for this session. */
    void keepForSession(String endpoint, char[] password) {
        if (password == null) {
            SESSION.remove(endpoint);
        } else {
            SESSION.put(endpoint, password.clone());
        }
    }

    /**
     * Stores a password encrypted in secure storage.
     *
     * @return {@code null} when stored, else the reason it could not be (the password is then in memory only)
     */
    String remember(String endpoint, char[] password) {
        ISecurePreferences node = node(endpoint, true);
        if (node == null) {
            return "Eclipse secure storage is not available in this installation";
        }
        try {
            node.put(PASSWORD, new String(password), true);
            node.flush();
            return null;
        } catch (StorageException | IOException | RuntimeException e) {
            node.removeNode();
            return "Eclipse secure storage could not encrypt it (" + e.getMessage() + ")";
        }
    }

    /** @return the password from this session or secure storage, or {@code null} */
    char[] recall(String endpoint) {
        char[] session = SESSION.get(endpoint);
        if (session != null) {
            return session.clone();
        }
        ISecurePreferences node = node(endpoint, false);
        try {
            String stored = node == null ? null : node.get(PASSWORD, null);
            return stored == null ? null : stored.toCharArray();
        } catch (StorageException e) {
            return null; // the user is asked again (Edit Credentials…): a locked store is not an error worth a dialog
        }
    }

    /** Forgets a runtime's password, in memory and in secure storage. */
    void forget(String endpoint) {
        SESSION.remove(endpoint);
        forgetStored(endpoint);
    }

    /** Removes a runtime's password from secure storage (the user no longer wants it remembered). */
    void forgetStored(String endpoint) {
        ISecurePreferences node = node(endpoint, false);
        if (node != null) {
            node.removeNode();
            try {
                node.parent().flush();
            } catch (IOException | RuntimeException e) {
                // nothing was stored or the store is read-only; the in-memory copy is gone either way
            }
        }
    }

    /**
     * @param create whether to create the node; lookups do not, so that merely listing runtimes never
     *        creates a secure storage file for users who never asked to remember a password
     * @return the runtime's node, or {@code null} when absent or secure storage is unavailable
     */
    private static ISecurePreferences node(String endpoint, boolean create) {
        try {
            ISecurePreferences root = SecurePreferencesFactory.getDefault();
            String path = NODE + "/" + EncodingUtils.encodeSlashes(endpoint);
            if (root == null || (!create && !root.nodeExists(path))) {
                return null;
            }
            return root.node(path);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
