package io.fabrica.opcua.server;

import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler.InvocationContext;
import org.eclipse.milo.opcua.sdk.server.methods.Out;
import org.eclipse.milo.opcua.sdk.server.model.objects.FileType;
import org.eclipse.milo.opcua.sdk.server.model.objects.TemporaryFileTransferType;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.factories.NodeFactory;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * The Milo nodes of a {@link TemporaryFileTransfer}: the TemporaryFileTransferType object and one FileType
 * object per upload, instantiated from the standard types (so clients see the standard browse names and
 * arguments), with handlers that turn the calls into the transfer's operations and its refusals into status
 * codes ({@code Bad_UserAccessDenied}, {@code Bad_InvalidArgument}, {@code Bad_InvalidState}) plus the reason in
 * {@code LastError}. Node ids are strings: {@code <transfer>/<upload id>}, its methods {@code <file>/Write} etc.
 */
final class FileTransferNodes {

    private final VariableNamespace ns;
    private final TemporaryFileTransfer transfer;
    private final TemporaryFileTransfer.Limits limits;
    private final NodeId transferId;
    private final NodeFactory factory;

    FileTransferNodes(VariableNamespace ns, TemporaryFileTransfer transfer, NodeId parent, String name, TemporaryFileTransfer.Limits limits) {
        this.ns = ns;
        this.transfer = transfer;
        this.limits = limits;
        this.transferId = ns.nodeId(parent.getIdentifier() + "/" + name);
        this.factory = new NodeFactory(ns.getNodeContext()) {
            @Override
            protected NodeId instanceNodeId(NodeId root, org.eclipse.milo.opcua.sdk.server.nodes.factories.BrowsePath path) {
                return new NodeId(root.getNamespaceIndex(), root.getIdentifier() + path.join("/", false)); // <object>/<browse name>, no namespace prefixes
            }
        };
        UaNode object = create(transferId, NodeIds.TemporaryFileTransferType, name, false);
        object.addReference(new Reference(transferId, NodeIds.HasComponent, parent.expanded(), false));
        property(object, "ClientProcessingTimeout", (double) limits.timeout().toMillis());
        handle(object, "GenerateFileForWrite", new TemporaryFileTransferType.GenerateFileForWriteMethod(method(object, "GenerateFileForWrite")) {
            /** The options are declared BaseDataType; Milo 1.1 refuses a String for that as a type mismatch, so String is declared here. */
            @Override
            public org.eclipse.milo.opcua.stack.core.types.structured.Argument[] getInputArguments() {
                org.eclipse.milo.opcua.stack.core.types.structured.Argument declared = super.getInputArguments()[0];
                return new org.eclipse.milo.opcua.stack.core.types.structured.Argument[] {new org.eclipse.milo.opcua.stack.core.types.structured.Argument(
                        declared.getName(), NodeIds.String, -1, null, declared.getDescription())};
            }

            @Override
            protected void invoke(InvocationContext ctx, Object options, Out<NodeId> fileNodeId, Out<UInteger> fileHandle) throws UaException {
                Object[] out = guarded(ctx, () -> transfer.generate(VariableNamespace.caller(ctx), session(ctx), options));
                fileNodeId.set((NodeId) out[0]);
                fileHandle.set((UInteger) out[1]);
            }
        });
        handle(object, "CloseAndCommit", new TemporaryFileTransferType.CloseAndCommitMethod(method(object, "CloseAndCommit")) {
            @Override
            protected void invoke(InvocationContext ctx, UInteger fileHandle, Out<NodeId> completionStateMachine) throws UaException {
                Object[] out = guarded(ctx, () -> transfer.commit(VariableNamespace.caller(ctx), session(ctx), fileHandle));
                completionStateMachine.set((NodeId) out[0]);
            }
        });
        handle(object, "GenerateFileForRead", new TemporaryFileTransferType.GenerateFileForReadMethod(method(object, "GenerateFileForRead")) {
            @Override
            protected void invoke(InvocationContext ctx, Object options, Out<NodeId> fileNodeId, Out<UInteger> fileHandle,
                    Out<NodeId> completionStateMachine) throws UaException {
                guarded(ctx, () -> {
                    throw new IllegalArgumentException("this server only receives files (GenerateFileForWrite)");
                });
            }
        });
        NodeId lastError = ns.addVariable(transferId, TemporaryFileTransfer.LAST_ERROR, NodeIds.String, "", false);
        ((UaVariableNode) node(lastError)).getFilterChain().addLast(new AttributeFilter() {
            @Override
            public Object getAttribute(AttributeFilterContext ctx, AttributeId attributeId) {
                if (attributeId == AttributeId.Value) {
                    NodeId session = ctx.getSession().map(Session::getSessionId).orElse(null);
                    return new DataValue(new Variant(transfer.lastError(session)));
                }
                return ctx.getAttribute(attributeId);
            }
        });
    }

    NodeId transfer() {
        return transferId;
    }

    /** Creates the FileType object of an upload, below the transfer object. */
    UaNode addFile(String id, TemporaryFileTransfer.Upload upload) {
        NodeId fileId = ns.nodeId(transferId.getIdentifier() + "/" + id);
        UaNode file = create(fileId, NodeIds.FileType, id, true);
        file.addReference(new Reference(fileId, NodeIds.HasComponent, transferId.expanded(), false));
        property(file, "Size", ULong.valueOf(0));
        property(file, "Writable", true);
        property(file, "UserWritable", true);
        property(file, "OpenCount", UShort.valueOf(1));
        property(file, "MaxByteStringLength", UInteger.valueOf(limits.maxChunkBytes()));
        property(file, "MimeType", "application/octet-stream");
        property(file, "LastModifiedTime", DateTime.now());
        ns.addVariable(fileId, TemporaryFileTransfer.RESULT, NodeIds.String, "", false);
        handle(file, "Write", new FileType.WriteMethod(method(file, "Write")) {
            @Override
            protected void invoke(InvocationContext ctx, UInteger fileHandle, ByteString data) throws UaException {
                guarded(ctx, () -> {
                    transfer.write(session(ctx), upload, fileHandle, data.bytesOrEmpty());
                    return null;
                });
            }
        });
        handle(file, "GetPosition", new FileType.GetPositionMethod(method(file, "GetPosition")) {
            @Override
            protected void invoke(InvocationContext ctx, UInteger fileHandle, Out<ULong> position) throws UaException {
                position.set(ULong.valueOf(guarded(ctx, () -> transfer.position(session(ctx), upload, fileHandle))));
            }
        });
        handle(file, "SetPosition", new FileType.SetPositionMethod(method(file, "SetPosition")) {
            @Override
            protected void invoke(InvocationContext ctx, UInteger fileHandle, ULong position) throws UaException {
                guarded(ctx, () -> {
                    transfer.setPosition(session(ctx), upload, fileHandle, position.longValue());
                    return null;
                });
            }
        });
        handle(file, "Close", new FileType.CloseMethod(method(file, "Close")) {
            @Override
            protected void invoke(InvocationContext ctx, UInteger fileHandle) throws UaException {
                guarded(ctx, () -> {
                    transfer.abandon(session(ctx), upload, fileHandle);
                    return null;
                });
            }
        });
        handle(file, "Open", new FileType.OpenMethod(method(file, "Open")) {
            @Override
            protected void invoke(InvocationContext ctx, UByte mode, Out<UInteger> fileHandle) throws UaException {
                guarded(ctx, () -> {
                    throw new IllegalArgumentException("a temporary upload file is not opened: its handle comes from GenerateFileForWrite");
                });
            }
        });
        handle(file, "Read", new FileType.ReadMethod(method(file, "Read")) {
            @Override
            protected void invoke(InvocationContext ctx, UInteger fileHandle, Integer length, Out<ByteString> data) throws UaException {
                guarded(ctx, () -> {
                    throw new IllegalArgumentException("an upload file is write-only");
                });
            }
        });
        return file;
    }

    void setSize(TemporaryFileTransfer.Upload upload) {
        UaNode file = upload.node;
        if (file != null) {
            property(file, "Size", ULong.valueOf(upload.file.position()));
        }
    }

    void setResult(TemporaryFileTransfer.Upload upload, String result) {
        ns.setValue(ns.nodeId(upload.node.getNodeId().getIdentifier() + "/" + TemporaryFileTransfer.RESULT), result);
    }

    /** Removes an upload's object and everything below it. */
    void remove(TemporaryFileTransfer.Upload upload) {
        UaNode file = upload.node;
        if (file != null) {
            delete(file);
        }
    }

    private void delete(UaNode node) {
        for (Reference ref : node.getReferences()) {
            if (ref.isForward() && (ref.getReferenceTypeId().equals(NodeIds.HasComponent) || ref.getReferenceTypeId().equals(NodeIds.HasProperty))) {
                ref.getTargetNodeId().toNodeId(ns.getNodeContext().getNamespaceTable()).flatMap(id -> ns.getNodeManager().getNode(id)).ifPresent(this::delete);
            }
        }
        node.delete();
    }

    private UaNode create(NodeId id, NodeId type, String name, boolean optionals) {
        try {
            UaNode node = factory.createNode(id, type, new NodeFactory.InstantiationCallback() {
                @Override
                public boolean includeOptionalNode(NodeId typeDefinitionId, QualifiedName browseName) {
                    return optionals;
                }
            });
            node.setBrowseName(new QualifiedName(ns.getNamespaceIndex(), name));
            node.setDisplayName(org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText.english(name));
            return node;
        } catch (UaException e) {
            throw new IllegalStateException("cannot create the " + name + " object from its OPC UA type: " + e.getMessage(), e);
        }
    }

    private UaNode node(NodeId id) {
        return ns.getNodeManager().getNode(id).orElseThrow(() -> new IllegalStateException("no node " + id));
    }

    private UaMethodNode method(UaNode parent, String name) {
        return (UaMethodNode) node(new NodeId(parent.getNodeId().getNamespaceIndex(), parent.getNodeId().getIdentifier() + "/" + name));
    }

    private static void handle(UaNode parent, String name, org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler handler) {
        UaMethodNode method = handler.getNode();
        method.setInvocationHandler(handler);
        method.setExecutable(true);
        method.setUserExecutable(true);
    }

    private void property(UaNode parent, String browseName, Object value) {
        NodeId id = new NodeId(parent.getNodeId().getNamespaceIndex(), parent.getNodeId().getIdentifier() + "/" + browseName);
        Optional<UaNode> property = ns.getNodeManager().getNode(id);
        property.filter(UaVariableNode.class::isInstance).map(UaVariableNode.class::cast)
                .orElseThrow(() -> new IllegalStateException("the " + parent.getBrowseName().name() + " object has no " + browseName))
                .setValue(new DataValue(new Variant(value)));
    }

    private static NodeId session(InvocationContext ctx) {
        return ctx.getSession().map(Session::getSessionId).orElse(NodeId.NULL_VALUE);
    }

    /** Runs an operation; a refusal becomes the matching status code, its reason the session's LastError. */
    private <T> T guarded(InvocationContext ctx, Supplier<T> operation) throws UaException {
        transfer.refused(session(ctx), "");
        try {
            return operation.get();
        } catch (SecurityException e) {
            throw refusal(ctx, StatusCodes.Bad_UserAccessDenied, e);
        } catch (IllegalArgumentException e) {
            throw refusal(ctx, StatusCodes.Bad_InvalidArgument, e);
        } catch (IllegalStateException e) {
            throw refusal(ctx, StatusCodes.Bad_InvalidState, e);
        }
    }

    private UaException refusal(InvocationContext ctx, long status, RuntimeException e) {
        transfer.refused(session(ctx), e.getMessage());
        return new UaException(status, e.getMessage());
    }
}
