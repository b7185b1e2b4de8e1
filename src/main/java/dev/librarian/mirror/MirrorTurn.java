package dev.librarian.mirror;

/**
 * The {@code lightrag-mirror} timer's bean (routes/mirror.camel.yaml). Not the mirror itself: a route stops the
 * services its beans are, and the mirror's last export belongs to the service's own stop, after every document
 * still finishing has been written.
 */
public final class MirrorTurn {

    private final LightRagMirror mirror;

    public MirrorTurn(LightRagMirror mirror) {
        this.mirror = mirror;
    }

    public void exportIfDue() {
        mirror.exportIfDue();
    }
}
