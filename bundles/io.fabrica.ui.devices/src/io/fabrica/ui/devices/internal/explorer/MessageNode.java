package io.fabrica.ui.devices.internal.explorer;

/** A row that is no device node: the "Loading…" placeholder or why browsing failed. */
final class MessageNode extends ExplorerNode {

    /** The text of the placeholder shown while children are being browsed. */
    static final String LOADING = "Loading…";

    private final String text;
    private final boolean error;

    MessageNode(ExplorerNode parent, String text, boolean error) {
        super(parent);
        this.text = text;
        this.error = error;
    }

    String text() {
        return text;
    }

    boolean error() {
        return error;
    }

    @Override
    ConnectionNode connection() {
        return parent().connection();
    }

    @Override
    boolean browsable() {
        return false;
    }
}
