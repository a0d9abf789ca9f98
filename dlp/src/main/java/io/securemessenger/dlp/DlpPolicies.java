package io.securemessenger.dlp;

import io.securemessenger.dlp.detect.DateDetector;
import io.securemessenger.dlp.detect.DeaDetector;
import io.securemessenger.dlp.detect.Detector;
import io.securemessenger.dlp.detect.Icd10Detector;
import io.securemessenger.dlp.detect.KeywordDetector;
import io.securemessenger.dlp.detect.KeywordSet;
import io.securemessenger.dlp.detect.NpiDetector;
import io.securemessenger.dlp.detect.PatternDetector;
import io.securemessenger.dlp.detect.PaymentCardDetector;
import io.securemessenger.dlp.detect.SsnDetector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The policies of a {@code dlp-policies.xml} file, by name. The format is documented in
 * {@code docs/admin/dlp-policies.md}; every reference (detector, keyword list) is resolved and
 * every value checked at load, so a policy that loads is a policy that runs.
 */
public final class DlpPolicies {
    /** Detectors every policy file can name without defining them. */
    public static final Set<String> BUILT_IN_DETECTORS = Set.of(
        SsnDetector.ID, SsnDetector.BARE_ID, NpiDetector.ID, DeaDetector.ID,
        PaymentCardDetector.ID, DateDetector.ID, Icd10Detector.ID);

    private final Map<String, DlpPolicy> policies;

    private DlpPolicies(Map<String, DlpPolicy> policies) {
        this.policies = policies;
    }

    public static DlpPolicies load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new PolicyException("Cannot read DLP policy file " + file + ": " + e.getMessage(), e);
        }
    }

    public static DlpPolicies parse(InputStream in, String source) {
        Document document = readXml(in, source);
        Element root = document.getDocumentElement();
        if (!root.getTagName().equals("dlp-policies")) {
            throw new PolicyException(source + ": root element must be <dlp-policies>, found <" + root.getTagName() + ">");
        }
        Map<String, KeywordSet> keywords = new LinkedHashMap<>();
        Map<String, Detector> detectors = new LinkedHashMap<>();
        builtIns().forEach(d -> detectors.put(d.id(), d));
        for (Element e : children(root, "keywords")) {
            String id = required(e, "id", source);
            List<String> terms = Arrays.stream(e.getTextContent().split("[,\\n]"))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toList());
            if (terms.isEmpty()) {
                throw new PolicyException(source + ": <keywords id=\"" + id + "\"> has no terms");
            }
            if (keywords.put(id, KeywordSet.of(id, terms)) != null) {
                throw new PolicyException(source + ": keyword list '" + id + "' is defined twice");
            }
        }
        for (Element e : children(root, "pattern")) {
            String id = required(e, "id", source);
            String regex = required(e, "regex", source);
            if (detectors.containsKey(id)) {
                throw new PolicyException(source + ": <pattern id=\"" + id + "\"> reuses the name of a detector");
            }
            try {
                detectors.put(id, PatternDetector.of(id, regex));
            } catch (PatternSyntaxException ex) {
                throw new PolicyException(source + ": <pattern id=\"" + id + "\"> has an invalid regex: " + ex.getDescription());
            }
        }
        Map<String, DlpPolicy> policies = new LinkedHashMap<>();
        for (Element e : children(root, "policy")) {
            DlpPolicy policy = policy(e, source, detectors, keywords);
            if (policies.put(policy.name(), policy) != null) {
                throw new PolicyException(source + ": policy '" + policy.name() + "' is defined twice");
            }
        }
        if (policies.isEmpty()) {
            throw new PolicyException(source + ": defines no <policy>");
        }
        return new DlpPolicies(policies);
    }

    public Optional<DlpPolicy> policy(String name) {
        return Optional.ofNullable(policies.get(name));
    }

    public Set<String> names() {
        return policies.keySet();
    }

    private static DlpPolicy policy(Element e, String source, Map<String, Detector> detectors, Map<String, KeywordSet> keywords) {
        String name = required(e, "name", source);
        String where = source + ": policy '" + name + "'";
        List<DlpRule> rules = new ArrayList<>();
        for (Element r : children(e, "rule")) {
            String id = required(r, "id", where);
            String ruleWhere = where + ", rule '" + id + "'";
            String detectorName = r.getAttribute("detector");
            String keywordList = r.getAttribute("keywords");
            if (detectorName.isEmpty() == keywordList.isEmpty()) {
                throw new PolicyException(ruleWhere + ": give exactly one of detector=\"...\" or keywords=\"...\"");
            }
            Detector detector;
            if (!detectorName.isEmpty()) {
                detector = Optional.ofNullable(detectors.get(detectorName)).orElseThrow(() -> new PolicyException(
                    ruleWhere + ": unknown detector '" + detectorName + "' (built in: " + String.join(", ", BUILT_IN_DETECTORS)
                        + "; or define a <pattern>)"));
            } else {
                detector = new KeywordDetector(keywordSet(keywords, keywordList, ruleWhere));
            }
            DlpRule.Builder rule = DlpRule.builder(id, detector);
            try {
                if (!r.getAttribute("near").isEmpty()) {
                    int window = r.getAttribute("window").isEmpty() ? DlpRule.DEFAULT_WINDOW : integer(r, "window", ruleWhere);
                    rule.near(keywordSet(keywords, r.getAttribute("near"), ruleWhere), window);
                } else if (!r.getAttribute("window").isEmpty()) {
                    throw new PolicyException(ruleWhere + ": window=\"...\" needs near=\"...\"");
                }
                if (!r.getAttribute("min-count").isEmpty()) {
                    rule.minCount(integer(r, "min-count", ruleWhere));
                }
            } catch (IllegalArgumentException ex) {
                throw new PolicyException(where + ": " + ex.getMessage());
            }
            rules.add(rule.build());
        }
        String notify = e.getAttribute("notify");
        Set<String> targets = Arrays.stream(notify.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        for (String target : targets) {
            if (!target.equals("sender") && !target.equals("compliance")) {
                throw new PolicyException(where + ": notify=\"" + notify + "\" may only list sender and compliance");
            }
        }
        Optional<String> compliance = Optional.of(e.getAttribute("compliance-address")).filter(s -> !s.isEmpty());
        if (targets.contains("compliance") && compliance.isEmpty()) {
            throw new PolicyException(where + ": notify=\"compliance\" needs compliance-address=\"...\"");
        }
        if (compliance.isPresent() && !compliance.get().matches("[^@\\s]+@[^@\\s]+")) {
            throw new PolicyException(where + ": compliance-address=\"" + compliance.get() + "\" is not a mail address");
        }
        if (rules.isEmpty()) {
            throw new PolicyException(where + " has no <rule>");
        }
        String onUnscannable = e.getAttribute("on-unscannable").strip();
        if (!onUnscannable.isEmpty() && !onUnscannable.equals("protect") && !onUnscannable.equals("ignore")) {
            throw new PolicyException(where + ": on-unscannable=\"" + onUnscannable + "\" must be protect or ignore");
        }
        return DlpPolicy.of(name, rules, targets.contains("sender"),
            targets.contains("compliance") ? compliance : Optional.empty(), !onUnscannable.equals("ignore"));
    }

    private static KeywordSet keywordSet(Map<String, KeywordSet> keywords, String id, String where) {
        return Optional.ofNullable(keywords.get(id))
            .orElseThrow(() -> new PolicyException(where + ": unknown keyword list '" + id + "'"));
    }

    private static int integer(Element e, String attribute, String where) {
        String value = e.getAttribute(attribute);
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException ex) {
            throw new PolicyException(where + ": " + attribute + "=\"" + value + "\" is not a whole number");
        }
    }

    private static String required(Element e, String attribute, String where) {
        String value = e.getAttribute(attribute).strip();
        if (value.isEmpty()) {
            throw new PolicyException(where + ": <" + e.getTagName() + "> needs " + attribute + "=\"...\"");
        }
        return value;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element && ((Element) n).getTagName().equals(tag)) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private static List<Detector> builtIns() {
        return List.of(new SsnDetector(SsnDetector.Form.FORMATTED), new SsnDetector(SsnDetector.Form.BARE), new NpiDetector(), new DeaDetector(),
            new PaymentCardDetector(), new DateDetector(), new Icd10Detector());
    }

    private static Document readXml(InputStream in, String source) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(in);
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new PolicyException(source + ": not a readable XML file: " + e.getMessage(), e);
        }
    }
}
