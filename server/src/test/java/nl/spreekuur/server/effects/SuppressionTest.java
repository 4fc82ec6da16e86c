package nl.spreekuur.server.effects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small counts at the boundary: 4 is "< 5", 5 is shown; 0 is shown; a percentile needs a basis of 5. */
class SuppressionTest {

    @Test
    void countsOfOneToFourAreSuppressedAndFiveIsShown() {
        assertThat(Suppression.cell(FigureKind.SERVED, 4, Map.of("served", 4L)))
                .containsEntry("display", "< 5").containsEntry("suppressed", true).containsEntry("value", null);
        assertThat(Suppression.cell(FigureKind.SERVED, 5, Map.of("served", 5L)))
                .containsEntry("display", "5").containsEntry("value", 5L).doesNotContainKey("suppressed");
        assertThat(Suppression.cell(FigureKind.SERVED, 1, Map.of())).containsEntry("display", "< 5");
        assertThat(Suppression.cell(FigureKind.SERVED, 0, Map.of())).containsEntry("display", "0");
        assertThat(Suppression.exported(FigureKind.HELPED_NO, 4, Map.of())).isEqualTo("< 5");
        assertThat(Suppression.exported(FigureKind.HELPED_NO, 5, Map.of())).isEqualTo(5L);
    }

    @Test
    void aPercentileIsShownOnlyWhenItsBasisIsAtLeastFive() {
        assertThat(Suppression.cell(FigureKind.WAIT_P50_SECONDS, 240, Map.of("waits", 4L)))
                .containsEntry("display", "< 5");
        assertThat(Suppression.cell(FigureKind.WAIT_P50_SECONDS, 240, Map.of("waits", 5L)))
                .containsEntry("display", "240");
        // a measure of 3 seconds over many values is not a small count
        assertThat(Suppression.cell(FigureKind.WAIT_P50_SECONDS, 3, Map.of("waits", 40L)))
                .containsEntry("display", "3");
        assertThat(Suppression.cell(FigureKind.OFFLINE_HANDLE_P90_SECONDS, 7200, Map.of("offline_handled", 4L)))
                .containsEntry("display", "< 5");
    }

    @Test
    void theChartDrawsNoBarForASuppressedValue() {
        String svg = SvgChart.render(java.util.List.of("2026-10", "2026-11"),
                java.util.List.of(new SvgChart.Series(java.util.Arrays.asList(null, 12L))));
        assertThat(svg).startsWith("<svg").contains("&lt;5").contains("aria-hidden=\"true\"")
                .doesNotContain("style=").doesNotContain("<script");
        assertThat(svg.split("<rect", -1)).hasSize(2);
    }
}
