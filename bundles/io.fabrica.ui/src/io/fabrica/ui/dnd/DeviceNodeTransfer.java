package io.fabrica.ui.dnd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.eclipse.swt.dnd.ByteArrayTransfer;
import org.eclipse.swt.dnd.TransferData;

import io.fabrica.model.plant.IdentityType;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;

/**
 * The drag-and-drop transfer of device nodes ({@link DeviceNodeRef}{@code []}), from the Device
 * Explorer to any view or editor that binds signals. The Java value is a {@code DeviceNodeRef[]};
 * the native form is a small versioned binary record ({@link #toBytes} / {@link #fromBytes}), so it
 * also survives a drag between two workbench windows. Use the singleton {@link #getInstance()};
 * SWT calls it on the UI thread.
 */
public final class DeviceNodeTransfer extends ByteArrayTransfer {

    private static final String TYPE_NAME = "io.fabrica.device-node";
    private static final int TYPE_ID = registerType(TYPE_NAME);
    private static final int VERSION = 1;
    private static final DeviceNodeTransfer INSTANCE = new DeviceNodeTransfer();

    private DeviceNodeTransfer() {
    }

    /** @return the one instance */
    public static DeviceNodeTransfer getInstance() {
        return INSTANCE;
    }

    @Override
    protected String[] getTypeNames() {
        return new String[] {TYPE_NAME};
    }

    @Override
    protected int[] getTypeIds() {
        return new int[] {TYPE_ID};
    }

    @Override
    protected boolean validate(Object object) {
        return object instanceof DeviceNodeRef[] refs && refs.length > 0;
    }

    @Override
    protected void javaToNative(Object object, TransferData transferData) {
        if (!validate(object) || !isSupportedType(transferData)) {
            return;
        }
        super.javaToNative(toBytes((DeviceNodeRef[]) object), transferData);
    }

    @Override
    protected Object nativeToJava(TransferData transferData) {
        if (!isSupportedType(transferData)) {
            return null;
        }
        byte[] bytes = (byte[]) super.nativeToJava(transferData);
        if (bytes == null) {
            return null;
        }
        try {
            return fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            return null; // a foreign or damaged payload is no drop, not an error dialog
        }
    }

    /**
     * @param refs the dragged nodes
     * @return their native form
     */
    public static byte[] toBytes(DeviceNodeRef[] refs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeInt(refs.length);
            for (DeviceNodeRef r : refs) {
                out.writeUTF(r.endpoint());
                out.writeUTF(r.namespaceUri());
                out.writeUTF(r.identifierType());
                out.writeUTF(r.identifier());
                out.writeUTF(r.displayName());
                writeOptional(out, r.dataType());
                writeOptional(out, r.securityPolicy() == null ? null : r.securityPolicy().getLiteral());
                writeOptional(out, r.securityMode() == null ? null : r.securityMode().getLiteral());
                writeOptional(out, r.identityType() == null ? null : r.identityType().getLiteral());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen with an in-memory stream
        }
        return bytes.toByteArray();
    }

    /**
     * @param bytes a native form made by {@link #toBytes}
     * @return the nodes
     * @throws IllegalArgumentException if the bytes are not such a form
     */
    public static DeviceNodeRef[] fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("device node transfer version " + version + " is not supported");
            }
            int n = in.readInt();
            if (n < 1 || n > 100_000) {
                throw new IllegalArgumentException("device node transfer with " + n + " nodes");
            }
            DeviceNodeRef[] refs = new DeviceNodeRef[n];
            for (int i = 0; i < n; i++) {
                String endpoint = in.readUTF();
                String namespace = in.readUTF();
                String type = in.readUTF();
                String identifier = in.readUTF();
                String name = in.readUTF();
                String dataType = readOptional(in);
                String policy = readOptional(in);
                String mode = readOptional(in);
                String identity = readOptional(in);
                refs[i] = new DeviceNodeRef(endpoint, namespace, type, identifier, name, dataType,
                        policy == null ? null : SecurityPolicy.get(policy), mode == null ? null : SecurityMode.get(mode),
                        identity == null ? null : IdentityType.get(identity));
            }
            return refs;
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("damaged device node transfer: " + e.getMessage(), e);
        }
    }

    private static void writeOptional(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        out.writeUTF(text != null ? text : "");
    }

    private static String readOptional(DataInputStream in) throws IOException {
        boolean present = in.readBoolean();
        String text = in.readUTF();
        return present ? text : null;
    }
}
