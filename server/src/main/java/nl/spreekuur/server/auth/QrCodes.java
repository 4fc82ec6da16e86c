package nl.spreekuur.server.auth;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A QR code as an SVG path (ZXing's encoder, {@code com.google.zxing:core}): one {@code M x y h1 v1 h-1 z} square per
 * dark module, in a square of {@link Qr#size()} modules including a 4-module quiet zone. The web client draws it as
 * an {@code <svg>} with DOM calls; no image file, no third party sees the key.
 */
public final class QrCodes {
    private static final int QUIET_ZONE = 4;

    /** @param path SVG path data in module units; @param size the side of the square in modules */
    public record Qr(String path, int size) {
    }

    private QrCodes() {
    }

    public static Qr encode(String text) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
            StringBuilder path = new StringBuilder();
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    if (matrix.get(x, y)) {
                        path.append('M').append(x + QUIET_ZONE).append(' ').append(y + QUIET_ZONE)
                                .append("h1v1h-1z");
                    }
                }
            }
            return new Qr(path.toString(), matrix.getWidth() + 2 * QUIET_ZONE);
        } catch (WriterException e) {
            throw new IllegalArgumentException("text too long for a QR code", e);
        }
    }
}
