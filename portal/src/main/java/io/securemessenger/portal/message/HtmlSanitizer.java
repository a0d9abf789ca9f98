package io.securemessenger.portal.message;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Safelist;

/**
 * Makes an HTML body safe to show inside a portal page, with jsoup's allow-list cleaner: text
 * formatting, lists, tables and links stay; scripts, event handlers, styles, forms, frames,
 * objects and every image (remote images are tracking beacons; inline ones are offered as
 * attachments) go. Links may only be http, https or mailto and open with no referrer.
 */
public final class HtmlSanitizer {
    private static final Safelist ALLOWED = Safelist.relaxed()
        .removeTags("img")
        .removeProtocols("a", "href", "ftp")
        .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow")
        .preserveRelativeLinks(false);

    private HtmlSanitizer() {
    }

    /** The body's safe HTML, for a page that adds no markup of its own around it. */
    public static String sanitize(String html) {
        String clean = Jsoup.clean(html, "https://invalid.invalid/", ALLOWED, new Document.OutputSettings().prettyPrint(false));
        Document document = Jsoup.parseBodyFragment(clean);
        for (Element link : document.select("a[href]")) {
            String href = link.attr("href");
            if (!(href.startsWith("https://") || href.startsWith("http://") || href.startsWith("mailto:")) || href.startsWith("https://invalid.invalid")) {
                link.removeAttr("href");
            }
        }
        document.outputSettings().prettyPrint(false);
        return document.body().html();
    }
}
