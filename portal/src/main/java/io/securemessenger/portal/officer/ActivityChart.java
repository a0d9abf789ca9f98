package io.securemessenger.portal.officer;

import io.securemessenger.vault.report.Activity;
import io.securemessenger.vault.report.ActivityReport;
import java.util.List;
import java.util.Locale;

/**
 * The activity report as a line chart drawn on the server in SVG (no script): one line per
 * activity, each with its own colour and dash pattern (told apart without colour too), a labelled
 * vertical scale, and the first and last periods named. The table beside it holds the figures.
 */
public final class ActivityChart {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 300;
    private static final int LEFT = 48;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;
    /** Colours with at least 3:1 contrast on white, and dash patterns, one per activity in enum order. */
    private static final String[] COLOURS = {"#0b5394", "#1b7837", "#6a3d9a", "#b35806", "#333333", "#b2182b", "#01665e", "#8c510a"};
    private static final String[] DASHES = {"", "6 3", "2 2", "8 3 2 3", "1 3", "10 4", "4 4", "12 2 2 2"};

    private ActivityChart() {
    }

    /** The colour and dash pattern of an activity's line, for the legend. */
    public static String colour(Activity activity) {
        return COLOURS[activity.ordinal()];
    }

    public static String dash(Activity activity) {
        return DASHES[activity.ordinal()];
    }

    /** The SVG element of {@code periods}, labelled {@code title} for screen readers. */
    public static String svg(List<ActivityReport.Period> periods, String title) {
        long max = 1;
        for (ActivityReport.Period period : periods) {
            for (Activity activity : Activity.values()) {
                max = Math.max(max, period.count(activity));
            }
        }
        long step = niceStep(max);
        long top = ((max + step - 1) / step) * step;
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
            .append("\" class=\"chart\" role=\"img\" aria-label=\"").append(escape(title)).append("\">");
        svg.append("<rect width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" fill=\"#ffffff\"/>");
        for (long value = 0; value <= top; value += step) {
            double y = TOP + plotHeight - plotHeight * value / top;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(fmt(y)).append("\" y2=\"")
                .append(fmt(y)).append("\" stroke=\"#cccccc\" stroke-width=\"1\"/>");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4)).append("\" font-size=\"12\" text-anchor=\"end\" fill=\"#333333\">")
                .append(value).append("</text>");
        }
        int n = periods.size();
        for (Activity activity : Activity.values()) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double x = LEFT + (n == 1 ? plotWidth / 2 : plotWidth * i / (n - 1));
                double y = TOP + plotHeight - plotHeight * periods.get(i).count(activity) / top;
                points.append(i == 0 ? "" : " ").append(fmt(x)).append(',').append(fmt(y));
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour(activity)).append("\" stroke-width=\"2\"")
                .append(dash(activity).isEmpty() ? "" : " stroke-dasharray=\"" + dash(activity) + "\"")
                .append(" points=\"").append(points).append("\"/>");
        }
        if (n > 0) {
            svg.append(label(LEFT, periods.get(0).start().toString(), "start"));
            if (n > 1) {
                svg.append(label(WIDTH - RIGHT, periods.get(n - 1).start().toString(), "end"));
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String label(double x, String text, String anchor) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + (HEIGHT - 12) + "\" font-size=\"12\" text-anchor=\"" + anchor + "\" fill=\"#333333\">"
            + escape(text) + "</text>";
    }

    /** 1, 2 or 5 times a power of ten, giving at most five lines of the scale. */
    static long niceStep(long max) {
        long power = 1;
        while (true) {
            for (long factor : new long[] {1, 2, 5}) {
                if (max <= factor * power * 5) {
                    return factor * power;
                }
            }
            power *= 10;
        }
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
