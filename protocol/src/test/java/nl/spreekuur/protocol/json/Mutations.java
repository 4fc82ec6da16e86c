package nl.spreekuur.protocol.json;

import java.util.Random;

/** Small random damage to a JSON text: what a buggy or hostile client might send. */
final class Mutations {
    private static final String TOKENS = "{}[]\":,\\ 0-1.e+tfnul\u0000\u00e9";
    private static final String[] SNIPPETS = {"null", "true", "\"x\"", "1e3", "1.5", "-0", "\"\\ud800\"", "{}", "[]",
            ",", "\"requestId\":\"r\"", "\"ping\":{}", "\"hello\":{}", "/*c*/", "'q'", "NaN", "\ufeff", "01"};

    private Mutations() {
    }

    static String mutate(String json, Random random) {
        StringBuilder text = new StringBuilder(json);
        for (int n = 1 + random.nextInt(3); n > 0 && text.length() > 0; n--) {
            int at = random.nextInt(text.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> text.deleteCharAt(Math.min(at, text.length() - 1));
                case 1 -> text.insert(at, TOKENS.charAt(random.nextInt(TOKENS.length())));
                case 2 -> text.insert(at, SNIPPETS[random.nextInt(SNIPPETS.length)]);
                case 3 -> text.setLength(at);
                case 4 -> {
                    int from = random.nextInt(text.length());
                    int to = Math.min(text.length(), from + 1 + random.nextInt(20));
                    text.insert(at, text.substring(from, to));
                }
                default -> text.setCharAt(Math.min(at, text.length() - 1), TOKENS.charAt(random.nextInt(TOKENS.length())));
            }
        }
        return text.toString();
    }

    /** Byte-level damage: ill-formed UTF-8 (overlong, encoded surrogate, stray continuation) or a zero byte. */
    static byte[] mutateBytes(byte[] utf8, Random random) {
        byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {0}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}};
        byte[] insert = bad[random.nextInt(bad.length)];
        int at = random.nextInt(utf8.length + 1);
        byte[] out = new byte[utf8.length + insert.length];
        System.arraycopy(utf8, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(utf8, at, out, at + insert.length, utf8.length - at);
        return out;
    }
}
