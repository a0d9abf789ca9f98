package io.securemessenger.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXParseException;

/**
 * Checks the James configuration before James reads it: every XML file must parse, and the
 * values James reads as numbers, booleans or retry delays must be ones — James itself ignores some
 * bad values with a log line (an IMAP {@code connectionLimit} of "many" is taken as no limit) and
 * fails on others without naming the file. A problem stops the start with one line naming the
 * file, the element and the value.
 */
final class ConfValidator {
    /** Elements and attributes James reads as numbers, in the files of james-conf/ (servers, spooler, RemoteDelivery). */
    private static final Set<String> WHOLE_NUMBERS = Set.of("connectionLimit", "connectionLimitPerIP", "connectiontimeout", "maxmessagesize",
        "threads", "maxRetries", "deliveryThreads", "maxDnsProblemRetries", "gatewayPort");
    /** ... and as booleans. */
    private static final Set<String> BOOLEANS = Set.of("startTLS", "socketTLS", "verifyServerIdentity", "sendpartial", "passThrough",
        "enableJmx", "addressBracketsEnforcement", "heloEhloEnforcement", "usePriority", "debug", "sslEnable", "requireSSL",
        "plainAuthEnabled", "autodetect", "autodetectIP", "consume", "enabled", "verifyIdentity");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,10}");
    private static final Pattern DELAY = Pattern.compile("(\\d+\\s*\\*\\s*)?\\d+\\s*(ms|msec|msecs|s|sec|secs|second|seconds|m|min|mins|minute|minutes"
        + "|h|hour|hours|d|day|days)?", Pattern.CASE_INSENSITIVE);

    private ConfValidator() {
    }

    /** Checks every XML file under {@code conf}; throws naming the first problem. */
    static void check(Path conf) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(conf)) {
            files = walk.filter(f -> f.toString().endsWith(".xml")).sorted().collect(Collectors.toList());
        }
        for (Path file : files) {
            check(conf.relativize(file).toString(), file);
        }
    }

    private static void check(String name, Path file) throws IOException {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            root = builder.parse(file.toFile()).getDocumentElement();
        } catch (SAXParseException e) {
            throw new IOException(name + ": not well-formed XML at line " + e.getLineNumber() + ": " + e.getMessage());
        } catch (Exception e) {
            throw new IOException(name + ": cannot be read: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        walk(root, name, problems);
        if (!problems.isEmpty()) {
            throw new IOException(problems.get(0));
        }
    }

    private static void walk(Element element, String file, List<String> problems) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            checkValue(file, "<" + element.getTagName() + " " + attribute.getName() + "=\"…\">", attribute.getName(), attribute.getValue(), problems);
        }
        NodeList children = element.getChildNodes();
        boolean leaf = true;
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i).getNodeType() == Node.ELEMENT_NODE) {
                leaf = false;
                walk((Element) children.item(i), file, problems);
            }
        }
        if (leaf) {
            checkValue(file, "<" + element.getTagName() + ">", element.getTagName(), element.getTextContent(), problems);
        }
    }

    private static void checkValue(String file, String where, String key, String raw, List<String> problems) {
        String value = raw.strip();
        if (WHOLE_NUMBERS.contains(key) && !NUMBER.matcher(value).matches()) {
            problems.add(file + ": " + where + " is '" + value + "', not a whole number");
        } else if (BOOLEANS.contains(key) && !value.toLowerCase(Locale.ROOT).matches("true|false|yes|no")) {
            problems.add(file + ": " + where + " is '" + value + "', not true or false");
        } else if (key.equals("delayTime")) {
            for (String delay : value.split(",")) {
                if (!DELAY.matcher(delay.strip()).matches()) {
                    problems.add(file + ": " + where + " has '" + delay.strip() + "', not a delay such as '5 * 1 minute' or '6 hours'");
                    return;
                }
            }
        }
    }
}
