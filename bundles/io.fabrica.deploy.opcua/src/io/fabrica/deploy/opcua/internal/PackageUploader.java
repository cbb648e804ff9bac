package io.fabrica.deploy.opcua.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.opcua.RuntimeNodes;
import io.fabrica.deploy.opcua.UploadProgress;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.model.plant.Address;

/**
 * Uploads a package to the Fabrica runtime through its TemporaryFileTransferType object
 * ({@link RuntimeNodes#UPLOAD}): GenerateFileForWrite, GetPosition, Write chunk by chunk, CloseAndCommit,
 * then the file object's Result. One chunk of the package is in memory at a time. A dropped connection
 * (unreachable, timeout, closed) is retried with a new session up to {@value #ATTEMPTS} times: the runtime
 * recognises the upload by its options and the upload continues from the offset the runtime has.
 */
final class PackageUploader {

    /** Where the package's bytes come from. */
    interface Source {
        /** @return the size in bytes */
        long size();

        /** @return the lower-case hex SHA-256 the runtime is told to expect */
        String sha256();

        /** Reads {@code buffer.length} bytes (fewer at the end) from an offset. */
        int read(long offset, byte[] buffer) throws IOException;
    }

    static final int ATTEMPTS = 5;
    private static final int MAX_CHUNK = 1 << 20;

    private final OpcUaDeploymentTarget target;

    PackageUploader(OpcUaDeploymentTarget target) {
        this.target = target;
    }

    /** @return the deployment id */
    String upload(ConnectionSpec spec, Source source, boolean force, UploadProgress progress) throws DeploymentException {
        // committing a large package (verify, extract, start) takes longer than one call usually may
        ConnectionSpec slow = spec.withTimeout(spec.timeout().compareTo(Duration.ofSeconds(60)) < 0 ? Duration.ofSeconds(60) : spec.timeout());
        String options = RuntimeNodes.uploadOptions(source.size(), source.sha256(), force);
        DeviceException dropped = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                pause(attempt);
            }
            try (DeviceSession session = target.connect(slow)) {
                return upload(session, slow, source, options, progress, attempt > 0);
            } catch (DeviceException e) {
                if (!transient_(e)) {
                    throw new DeploymentException(spec.endpoint() + ": " + e.getMessage(), e);
                }
                dropped = e;
            }
        }
        throw new DeploymentException(spec.endpoint() + ": the upload failed " + ATTEMPTS + " times (" + dropped.getMessage()
                + "); the runtime deletes what it got after its upload timeout", dropped);
    }

    private String upload(DeviceSession session, ConnectionSpec spec, Source source, String options, UploadProgress progress, boolean again)
            throws DeviceException, DeploymentException {
        List<Object> generated = call(session, spec, RuntimeNodes.UPLOAD, "GenerateFileForWrite", List.of(options));
        String file = String.valueOf(((NodeId) generated.get(0)).getIdentifier());
        UInteger handle = (UInteger) generated.get(1);
        long chunk = Math.min(MAX_CHUNK, number(read(session, spec, file + "/MaxByteStringLength")));
        long offset = number(call(session, spec, file, "GetPosition", List.of(handle)).get(0));
        if (offset > 0 || again) {
            progress.resumed(offset, source.size());
        }
        byte[] buffer = new byte[(int) Math.max(1, chunk)];
        while (offset < source.size()) {
            if (progress.cancelled()) {
                callQuietly(session, spec, file, "Close", List.of(handle));
                throw new DeploymentException(spec.endpoint() + ": the upload was cancelled at " + offset + " of " + source.size()
                        + " bytes; the runtime deleted what it got", null);
            }
            int n = read(source, offset, buffer);
            byte[] data = n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n);
            call(session, spec, file, "Write", List.of(handle, data));
            offset += n;
            progress.progress(offset, source.size());
        }
        try {
            call(session, spec, RuntimeNodes.UPLOAD, "CloseAndCommit", List.of(handle));
        } catch (DeploymentException refused) {
            String result = String.valueOf(read(session, spec, file + "/Result"));
            throw result.startsWith("refused: ") ? new DeploymentException(spec.endpoint() + ": " + result, refused) : refused;
        }
        String result = String.valueOf(read(session, spec, file + "/Result"));
        if (!result.startsWith("ok: ")) {
            throw new DeploymentException(spec.endpoint() + ": " + result, null);
        }
        return result.substring("ok: ".length());
    }

    private static int read(Source source, long offset, byte[] buffer) throws DeploymentException {
        try {
            int n = source.read(offset, buffer);
            if (n <= 0) {
                throw new IOException("the package ended at " + offset + " of " + source.size() + " bytes");
            }
            return n;
        } catch (IOException e) {
            throw new DeploymentException("cannot read the package: " + e.getMessage() + " (changed while it was uploaded?)", e);
        }
    }

    /** Calls a method; a refusal (not a dropped connection) becomes a DeploymentException with the runtime's reason. */
    private List<Object> call(DeviceSession session, ConnectionSpec spec, String object, String method, List<Object> args)
            throws DeviceException, DeploymentException {
        try {
            return session.call(OpcUaDeploymentTarget.node(object), OpcUaDeploymentTarget.node(object + "/" + method), args)
                    .get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(spec.endpoint() + ": the upload was interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new DeviceException(DeviceException.Reason.TIMEOUT, method + " got no answer within " + spec.timeout().toMillis() + " ms", e);
        } catch (java.util.concurrent.ExecutionException e) {
            DeviceException failure = e.getCause() instanceof DeviceException d ? d
                    : new DeviceException(DeviceException.Reason.DEVICE_ERROR, method + " failed: " + e.getCause(), e.getCause());
            if (transient_(failure)) {
                throw failure;
            }
            String reason = String.valueOf(read(session, spec, RuntimeNodes.UPLOAD + "/LastError"));
            throw new DeploymentException(spec.endpoint() + ": " + method + " refused: " + (reason.isBlank() ? failure.getMessage() : reason), failure);
        }
    }

    private void callQuietly(DeviceSession session, ConnectionSpec spec, String object, String method, List<Object> args) {
        try {
            call(session, spec, object, method, args);
        } catch (DeviceException | DeploymentException e) {
            // the runtime deletes an abandoned upload after its timeout anyway
        }
    }

    private static Object read(DeviceSession session, ConnectionSpec spec, String variable) throws DeviceException {
        List<SampledValue> values = session.readSync(List.<Address>of(OpcUaDeploymentTarget.node(variable)), spec.timeout());
        return values.get(0).value();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static boolean transient_(DeviceException e) {
        return e.reason() == DeviceException.Reason.UNREACHABLE || e.reason() == DeviceException.Reason.TIMEOUT
                || e.reason() == DeviceException.Reason.CLOSED;
    }

    private static void pause(int attempt) throws DeploymentException {
        try {
            Thread.sleep(Math.min(5_000, 500L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("the upload was interrupted", e);
        }
    }

    /** A package file, read chunk by chunk; its SHA-256 is computed first (one streaming pass). */
    static Source file(Path file) throws IOException {
        long size = Files.size(file);
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        String hash = HexFormat.of().formatHex(digest.digest());
        return new Source() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public String sha256() {
                return hash;
            }

            @Override
            public int read(long offset, byte[] buffer) throws IOException {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    ByteBuffer target = ByteBuffer.wrap(buffer);
                    channel.position(offset);
                    while (target.hasRemaining() && channel.read(target) > 0) {
                        // fill the chunk
                    }
                    return target.position();
                }
            }
        };
    }

    /** A package in memory. */
    static Source bytes(byte[] bytes) {
        String hash = HexFormat.of().formatHex(sha256().digest(bytes));
        return new Source() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public String sha256() {
                return hash;
            }

            @Override
            public int read(long offset, byte[] buffer) {
                int n = (int) Math.min(buffer.length, bytes.length - offset);
                System.arraycopy(bytes, (int) offset, buffer, 0, n);
                return n;
            }
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
