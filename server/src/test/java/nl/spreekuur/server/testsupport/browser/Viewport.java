package nl.spreekuur.server.testsupport.browser;

/**
 * The two screen shapes the web client is designed for. Both render at device scale 1 so screenshots are
 * exactly {@link #width()} pixels wide.
 */
public enum Viewport {

    /** A small phone (iPhone SE-sized), emulated as a mobile touch device. */
    PHONE(375, 667, true),

    /** A common laptop window. */
    DESKTOP(1280, 800, false);

    private final int width;
    private final int height;
    private final boolean mobile;

    Viewport(int width, int height, boolean mobile) {
        this.width = width;
        this.height = height;
        this.mobile = mobile;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Whether the page sees a mobile device (touch events, mobile viewport handling). */
    public boolean mobile() {
        return mobile;
    }
}
