package nl.spreekuur.server.calls;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.IceCandidate;
import nl.spreekuur.protocol.v1.SdpType;
import nl.spreekuur.protocol.v1.SessionDescription;
import nl.spreekuur.server.session.RequestException;

/**
 * Checks signalling before it is relayed: sizes, and that a session description parses as SDP and a candidate as
 * an ICE candidate attribute, by the strict grammar documented in docs/protocol.md ("What parses means"). Nothing
 * is kept and the input never appears in an error message or a log. Pure and total: any string either passes or
 * is refused with a {@link RequestException} ({@code SignalCheckFuzzTest} holds it to that).
 *
 * <p>Why not a library: the SDP parsers on Maven Central are either unmaintained (jSDP, last release 2008), pull
 * a SIP stack along (pkts-sdp: jain-sip-ri) or a Kotlin runtime (crow-misia sdp), or are a single author's recent
 * 0.x (java-webrtc-sdp-parser); ice4j has no public parser for candidate lines. The relay needs only a structural
 * check (the browsers parse the content fully), so a short grammar plus a fuzz test is the smaller risk.
 */
final class SignalCheck {
    static final int MAX_SDP_BYTES = 32768;
    static final int MAX_CANDIDATE_BYTES = 1024;
    static final int MAX_SDP_LINES = 2000;
    static final int MAX_MID_BYTES = 64;
    static final int MAX_UFRAG_BYTES = 256;
    static final int MAX_M_LINE_INDEX = 1023;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]{1,64}");
    private static final Pattern FOUNDATION = Pattern.compile("[A-Za-z0-9+/]{1,32}");
    private static final Pattern EXTENSION_NAME = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final Pattern MDNS = Pattern.compile("[A-Za-z0-9-]{1,63}\\.local");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private SignalCheck() {
    }

    static void description(SessionDescription description) {
        if (description.getType() != SdpType.SDP_OFFER && description.getType() != SdpType.SDP_ANSWER) {
            throw RequestException.invalid("description.type: offer or answer");
        }
        sdp(description.getSdp());
    }

    static void sdp(String sdp) {
        if (sdp.getBytes(StandardCharsets.UTF_8).length > MAX_SDP_BYTES) {
            throw new RequestException(ErrorCode.TOO_LARGE, "sdp: at most " + MAX_SDP_BYTES + " bytes");
        }
        if (!validSdp(sdp)) {
            throw RequestException.invalid("sdp: not a valid session description");
        }
    }

    static void candidate(IceCandidate candidate) {
        String text = candidate.getCandidate();
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_CANDIDATE_BYTES) {
            throw new RequestException(ErrorCode.TOO_LARGE, "candidate: at most " + MAX_CANDIDATE_BYTES + " bytes");
        }
        if (!text.isEmpty() && !validCandidate(text)) {
            throw RequestException.invalid("candidate: not a valid ICE candidate");
        }
        if (!shortPrintable(candidate.getSdpMid(), MAX_MID_BYTES)) {
            throw RequestException.invalid("candidate.sdp_mid: at most " + MAX_MID_BYTES + " printable bytes");
        }
        if (!shortPrintable(candidate.getUsernameFragment(), MAX_UFRAG_BYTES)) {
            throw RequestException.invalid("candidate.username_fragment: at most " + MAX_UFRAG_BYTES
                    + " printable bytes");
        }
        if (candidate.getSdpMLineIndex() < 0 || candidate.getSdpMLineIndex() > MAX_M_LINE_INDEX) {
            throw RequestException.invalid("candidate.sdp_m_line_index: 0.." + MAX_M_LINE_INDEX);
        }
    }

    private static boolean shortPrintable(String value, int maxBytes) {
        return value.getBytes(StandardCharsets.UTF_8).length <= maxBytes && value.chars().noneMatch(c -> c < 0x21 || c == 0x7f);
    }

    // --- SDP ---

    static boolean validSdp(String sdp) {
        String body = sdp.endsWith("\r\n") ? sdp.substring(0, sdp.length() - 2)
                : sdp.endsWith("\n") ? sdp.substring(0, sdp.length() - 1) : sdp;
        if (body.isEmpty()) {
            return false;
        }
        String[] lines = body.split("\r?\n", -1);
        if (lines.length > MAX_SDP_LINES || lines.length < 4) {
            return false;
        }
        if (!lines[0].equals("v=0") || !origin(lines[1])) {
            return false;
        }
        boolean name = false;
        boolean time = false;
        boolean inMedia = false;
        for (int i = 2; i < lines.length; i++) {
            String line = lines[i];
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z'
                    || !printable(line)) {
                return false;
            }
            String value = line.substring(2);
            switch (line.charAt(0)) {
                case 's' -> name = name || !inMedia;
                case 't' -> {
                    if (inMedia || !timing(value)) {
                        return false;
                    }
                    time = true;
                }
                case 'm' -> {
                    if (!media(value)) {
                        return false;
                    }
                    inMedia = true;
                }
                case 'c' -> {
                    if (!connection(value)) {
                        return false;
                    }
                }
                case 'v', 'o' -> {
                    return false;
                }
                default -> {
                    // a=, b=, i=, k=, r=, z=, u=, e=, p=: free text in the grammar's character set
                }
            }
        }
        return name && time;
    }

    /** Visible characters, space and tab; a '\r' inside a line is not allowed. */
    private static boolean printable(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean origin(String line) {
        if (!line.startsWith("o=")) {
            return false;
        }
        String[] f = line.substring(2).split(" ", -1);
        return f.length == 6 && !f[0].isEmpty() && printable(f[0]) && DIGITS.matcher(f[1]).matches()
                && DIGITS.matcher(f[2]).matches() && f[3].equals("IN") && (f[4].equals("IP4") || f[4].equals("IP6"))
                && !f[5].isEmpty() && printable(f[5]);
    }

    private static boolean timing(String value) {
        String[] f = value.split(" ", -1);
        return f.length == 2 && DIGITS.matcher(f[0]).matches() && DIGITS.matcher(f[1]).matches();
    }

    private static boolean media(String value) {
        String[] f = value.split(" ", -1);
        if (f.length < 4 || !f[0].matches("[a-z]{1,32}")) {
            return false;
        }
        String port = f[1];
        int slash = port.indexOf('/');
        if (slash >= 0) {
            if (!DIGITS.matcher(port.substring(slash + 1)).matches()) {
                return false;
            }
            port = port.substring(0, slash);
        }
        if (!portNumber(port) || !f[2].matches("[A-Za-z0-9/_.-]{1,64}")) {
            return false;
        }
        for (int i = 3; i < f.length; i++) {
            if (!TOKEN.matcher(f[i]).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean connection(String value) {
        String[] f = value.split(" ", -1);
        if (f.length != 3 || !f[0].equals("IN")) {
            return false;
        }
        String address = f[2];
        int slash = address.indexOf('/');
        if (slash >= 0) {
            address = address.substring(0, slash);
        }
        return switch (f[1]) {
            case "IP4" -> ipv4(address) || hostName(address);
            case "IP6" -> ipv6(address) || hostName(address);
            default -> false;
        };
    }

    private static boolean hostName(String value) {
        return value.matches("[A-Za-z0-9.-]{1,253}");
    }

    // --- ICE candidate ---

    static boolean validCandidate(String text) {
        String value = text.startsWith("candidate:") ? text.substring("candidate:".length()) : text;
        if (!printable(value) || value.indexOf('\t') >= 0) {
            return false;
        }
        String[] f = value.split(" ", -1);
        if (f.length < 8 || (f.length - 8) % 2 != 0) {
            return false;
        }
        if (!FOUNDATION.matcher(f[0]).matches() || !inRange(f[1], 1, 256)
                || !(f[2].equalsIgnoreCase("udp") || f[2].equalsIgnoreCase("tcp"))
                || !inRange(f[3], 0, 4294967295L) || !address(f[4]) || !portNumber(f[5]) || !f[6].equals("typ")
                || !(f[7].equals("host") || f[7].equals("srflx") || f[7].equals("prflx") || f[7].equals("relay"))) {
            return false;
        }
        for (int i = 8; i < f.length; i += 2) {
            String name = f[i];
            String val = f[i + 1];
            if (!EXTENSION_NAME.matcher(name).matches() || val.isEmpty() || val.length() > 256) {
                return false;
            }
            if (name.equals("raddr") && !address(val)) {
                return false;
            }
            if (name.equals("rport") && !portNumber(val)) {
                return false;
            }
        }
        return true;
    }

    private static boolean address(String value) {
        return ipv4(value) || ipv6(value) || MDNS.matcher(value).matches();
    }

    private static boolean portNumber(String value) {
        return inRange(value, 0, 65535);
    }

    private static boolean inRange(String value, long min, long max) {
        if (value.isEmpty() || value.length() > 10) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        long n = Long.parseLong(value);
        return n >= min && n <= max;
    }

    static boolean ipv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !inRange(part, 0, 255)) {
                return false;
            }
        }
        return true;
    }

    /** An IPv6 literal (RFC 4291 text form, optionally ending in an IPv4 address); no zone id. */
    static boolean ipv6(String value) {
        if (!IPV6_CHARS.matcher(value).matches() || value.indexOf(':') < 0) {
            return false;
        }
        int doubleColon = value.indexOf("::");
        if (doubleColon >= 0 && value.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] groups = value.split(":", -1);
        int words = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty()) {
                continue;
            }
            if (i == groups.length - 1 && g.indexOf('.') >= 0) {
                if (!ipv4(g)) {
                    return false;
                }
                words += 2;
            } else if (HEX_GROUP.matcher(g).matches()) {
                words++;
            } else {
                return false;
            }
        }
        boolean leadingOk = !value.startsWith(":") || value.startsWith("::");
        boolean trailingOk = !value.endsWith(":") || value.endsWith("::");
        return leadingOk && trailingOk && (doubleColon >= 0 ? words <= 7 : words == 8);
    }
}
