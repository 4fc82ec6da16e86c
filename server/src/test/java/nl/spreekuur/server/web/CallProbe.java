package nl.spreekuur.server.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.spreekuur.server.testsupport.browser.Browser;
import org.openqa.selenium.chromium.ChromiumDriver;

/**
 * What the page's WebRTC really does, read from the browser itself rather than from the app's own screen: every
 * {@code RTCPeerConnection} the page creates is recorded by a script the browser injects before the page's own
 * scripts run (the app is not changed for tests), together with the ICE candidates it gathered. The app then keeps
 * using its connections as usual; this class asks them for their {@code connectionState} and {@code getStats()}.
 */
final class CallProbe {

    private static final String TRACKER = """
            (() => {
              const pcs = [];
              const captured = [];
              Object.defineProperty(window, '__callProbe', {value: pcs, enumerable: false});
              Object.defineProperty(window, '__callProbeTracks', {value: captured, enumerable: false});
              const devices = navigator.mediaDevices;
              if (devices && devices.getUserMedia) {
                const original = devices.getUserMedia.bind(devices);
                devices.getUserMedia = async (constraints) => {
                  const stream = await original(constraints);
                  captured.push(...stream.getTracks());
                  return stream;
                };
              }
              if (!window.RTCPeerConnection) return;
              window.RTCPeerConnection = new Proxy(window.RTCPeerConnection, {construct(target, args, newTarget) {
                const pc = Reflect.construct(target, args, newTarget);
                pc.__probeCandidates = [];
                pc.__probePolicy = (args[0] && args[0].iceTransportPolicy) || 'all';
                pc.addEventListener('icecandidate', (e) => { if (e.candidate) pc.__probeCandidates.push(e.candidate.candidate); });
                pcs.push(pc);
                return pc;
              }});
            })();""";

    /** The connections of the page that are not closed (closed ones belong to calls that ended). */
    private static final String OPEN = "(window.__callProbe || []).filter(pc => pc.connectionState !== 'closed')";

    private CallProbe() {
    }

    /** Call before the browser opens the app: every later page load records its peer connections. */
    static void install(Browser browser) {
        ((ChromiumDriver) browser.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", TRACKER));
    }

    /** The connectionState of every open peer connection, in creation order. */
    @SuppressWarnings("unchecked")
    static List<String> states(Browser browser) {
        return new ArrayList<>((List<String>) browser.executeScript(
                "return " + OPEN + ".map(pc => pc.connectionState);"));
    }

    /** Whether the page has exactly {@code peers} open peer connections and all of them are "connected". */
    static boolean connected(Browser browser, int peers) {
        List<String> states = states(browser);
        return states.size() == peers && states.stream().allMatch("connected"::equals);
    }

    /**
     * Video frames decoded per open peer connection (getStats: inbound-rtp, kind video, framesDecoded), in creation
     * order.
     */
    @SuppressWarnings("unchecked")
    static List<Long> framesDecoded(Browser browser) {
        List<Object> raw = (List<Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all(%s.map(async pc => {
                  let frames = 0;
                  (await pc.getStats()).forEach(s => {
                    if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0;
                  });
                  return frames;
                })).then(done, e => done(String(e)));""".formatted(OPEN));
        return raw.stream().map(o -> ((Number) o).longValue()).toList();
    }

    /** Whether every open peer connection has decoded at least one video frame. */
    static boolean decodingVideo(Browser browser, int peers) {
        List<Long> frames = framesDecoded(browser);
        return frames.size() == peers && frames.stream().allMatch(n -> n > 0);
    }

    /** The candidate types ("host", "srflx", "relay") of the local side of every selected candidate pair. */
    @SuppressWarnings("unchecked")
    static Set<String> selectedLocalCandidateTypes(Browser browser) {
        List<Object> raw = (List<Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all(%s.map(async pc => {
                  const stats = await pc.getStats();
                  const types = [];
                  stats.forEach(s => {
                    if (s.type !== 'transport' || !s.selectedCandidatePairId) return;
                    const pair = stats.get(s.selectedCandidatePairId);
                    const local = pair && stats.get(pair.localCandidateId);
                    if (local) types.push(local.candidateType);
                  });
                  return types;
                })).then(lists => done(lists.flat()), e => done([String(e)]));""".formatted(OPEN));
        return new HashSet<>(raw.stream().map(String::valueOf).toList());
    }

    /** The types of every ICE candidate the page's connections gathered ("typ host", "typ srflx", ...). */
    @SuppressWarnings("unchecked")
    static Set<String> gatheredCandidateTypes(Browser browser) {
        List<Object> raw = (List<Object>) browser.executeScript("""
                return (window.__callProbe || []).flatMap(pc => pc.__probeCandidates)
                    .map(c => (c.match(/ typ (\\w+)/) || [])[1]).filter(Boolean);""");
        return new HashSet<>(raw.stream().map(String::valueOf).toList());
    }

    /** The iceTransportPolicy the page's open connections were created with. */
    @SuppressWarnings("unchecked")
    static Set<String> policies(Browser browser) {
        return new HashSet<>((List<String>) browser.executeScript("return " + OPEN + ".map(pc => pc.__probePolicy);"));
    }

    /** How many peer connections the page has created, closed ones included. */
    static long peerConnectionsCreated(Browser browser) {
        return ((Number) browser.executeScript("return (window.__callProbe || []).length;")).longValue();
    }

    /**
     * The other side's ICE username fragment (a=ice-ufrag of the remote description) per open peer connection: it
     * changes with each ICE restart.
     */
    @SuppressWarnings("unchecked")
    static List<String> remoteIceUfrags(Browser browser) {
        return new ArrayList<>((List<String>) browser.executeScript("return " + OPEN
                + ".map(pc => ((pc.remoteDescription && pc.remoteDescription.sdp || '').match(/a=ice-ufrag:(\\S+)/)"
                + " || [])[1] || '');"));
    }

    /** The TURN usernames ("expiry:participant") each open peer connection is configured with now. */
    @SuppressWarnings("unchecked")
    static List<String> turnUsernames(Browser browser) {
        return new ArrayList<>((List<String>) browser.executeScript("return " + OPEN
                + ".flatMap(pc => pc.getConfiguration().iceServers.map(s => s.username).filter(Boolean));"));
    }

    /** Forces TURN relay for this browser's calls (the documented sessionStorage setting; see web-client/README.md). */
    static void forceRelay(Browser browser) {
        browser.executeScript("sessionStorage.setItem('spreekuur.iceTransportPolicy', JSON.stringify('relay'));");
    }

    /** Camera and microphone tracks the page got from getUserMedia that still run (the camera light is on). */
    static long liveCaptureTracks(Browser browser) {
        Object n = browser.executeScript(
                "return (window.__callProbeTracks || []).filter(t => t.readyState === 'live').length;");
        return ((Number) n).longValue();
    }

    /** For failure messages: inbound video stats and the page's video elements. */
    static Object videoDiagnostics(Browser browser) {
        return browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all(%s.map(async pc => {
                  const out = [];
                  (await pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp' || s.type === 'outbound-rtp')
                    out.push([s.type, s.kind, s.packetsReceived ?? s.packetsSent, s.framesReceived ?? s.framesSent,
                              s.framesDecoded ?? s.framesEncoded].join(' ')); });
                  out.push('transceivers ' + pc.getTransceivers().map(t => t.mid + ':' + t.currentDirection + ':'
                      + (t.sender.track ? t.sender.track.kind : '-')).join(','));
                  return out.join('; ');
                })).then(stats => done(stats.join(' | ') + ' || videos ' + [...document.querySelectorAll('video')]
                    .map(v => [v.className, v.paused, v.readyState, !!v.srcObject,
                               v.srcObject ? v.srcObject.getTracks().map(t => t.kind + ':' + t.readyState).join('+') : '',
                               v.getBoundingClientRect().width].join(':')).join(', ')), e => done(String(e)));""".formatted(OPEN));
    }
}
