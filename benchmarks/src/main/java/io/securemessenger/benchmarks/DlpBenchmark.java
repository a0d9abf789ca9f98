package io.securemessenger.benchmarks;

import io.securemessenger.dlp.DlpPolicies;
import io.securemessenger.dlp.DlpPolicy;
import io.securemessenger.dlp.DlpScanner;
import io.securemessenger.dlp.Location;
import io.securemessenger.dlp.MessageTextExtractor;
import io.securemessenger.dlp.Segment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.Domain;
import org.apache.james.dlp.api.DLPConfigurationItem;
import org.apache.james.dlp.api.DLPConfigurationStore;
import org.apache.james.dlp.eventsourcing.EventSourcingDLPConfigurationStore;
import org.apache.james.eventsourcing.eventstore.memory.InMemoryEventStore;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.transport.matchers.dlp.Dlp;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * DLP throughput of the shipped {@code hipaa} policy against James' own {@code dlp.Dlp} matcher
 * with equivalent regular expressions, on the same generated clinical corpus. One operation is
 * one pass over the whole corpus; {@link DlpBenchmarkReport} turns operations per second into MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DlpBenchmark {
    static final int MESSAGES = 200;
    static final int CHARS_PER_MESSAGE = 40_000;
    static final long SEED = 20261123L;

    /** James' DLP rules equivalent to the hipaa policy (no checksums: regular expressions cannot). */
    static final String[][] JAMES_RULES = {
        {"ssn", "\\b\\d{3}[- ]\\d{2}[- ]\\d{4}\\b"},
        {"ssn-unformatted", "(?i)\\b(?:ssn|social security(?: number)?|ss#)\\W{0,40}\\d{9}\\b"},
        {"payment-card", "\\b(?:\\d[ -]?){12,18}\\d\\b"},
        {"mrn", "(?i)\\b(?:mrn|medical record(?: number)?|chart number|patient id|patient number)\\W{0,30}\\d{6,10}\\b"},
        {"date-of-birth", "(?i)\\b(?:dob|d\\.o\\.b|date of birth|birth ?date|born)\\W{0,40}(?:\\d{1,2}[/-]\\d{1,2}[/-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2})"},
        {"diagnosis-code", "(?i:\\b(?:diagnosis|diagnosed|dx|icd(?:-10)?|assessment|impression)\\b).{0,80}\\b[A-TV-Z]\\d[0-9AB](?:\\.[0-9A-TV-Z]{1,4})?\\b"},
        {"provider-id", "\\b[12]\\d{9}\\b"},
        {"dea", "\\b[A-Za-z][A-Za-z9]\\d{7}\\b"},
    };

    @Param("../james-conf/dlp-policies.xml")
    public String policyFile;

    ClinicalCorpus corpus;
    private DlpPolicy policy;
    private final DlpScanner scanner = new DlpScanner();
    private MessageTextExtractor extractor;
    private List<List<Segment>> segments;
    private Dlp jamesDlp;
    private List<Mail> jamesMails;

    @Setup
    public void setUp() throws Exception {
        corpus = new ClinicalCorpus(MESSAGES, CHARS_PER_MESSAGE, SEED);
        policy = DlpPolicies.load(Path.of(policyFile)).policy("hipaa").orElseThrow();
        extractor = new MessageTextExtractor();
        segments = new ArrayList<>();
        for (String text : corpus.texts()) {
            segments.add(List.of(Segment.of(Location.SUBJECT, "Clinic note"), Segment.of(Location.textBody(1), text)));
        }
        DLPConfigurationStore store = new EventSourcingDLPConfigurationStore(new InMemoryEventStore());
        List<DLPConfigurationItem> items = new ArrayList<>();
        for (String[] rule : JAMES_RULES) {
            items.add(DLPConfigurationItem.builder().id(DLPConfigurationItem.Id.of(rule[0])).expression(rule[1]).targetsContent().build());
        }
        store.store(Domain.of("hospital.example"), new org.apache.james.dlp.api.DLPRules(com.google.common.collect.ImmutableList.copyOf(items)));
        jamesDlp = new Dlp(store, new NoopGaugeRegistry());
        // The cache James recommends in production, so rules are not reloaded for every mail.
        jamesDlp.init(FakeMatcherConfig.builder().matcherName("Dlp").condition("cache:3600s").build());
        jamesMails = new ArrayList<>();
        int i = 0;
        for (MimeMessage message : corpus.textMessages()) {
            jamesMails.add(FakeMail.builder().name("m" + i++).mimeMessage(message)
                .sender("dr@hospital.example").recipients("patient@outside.example").build());
        }
    }

    /** The scanner alone on already-extracted text: the engine's own speed. */
    @Benchmark
    public void secureMessengerText(Blackhole blackhole) {
        for (List<Segment> message : segments) {
            blackhole.consume(scanner.scan(policy, message));
        }
    }

    /** MIME decoding plus scanning of the same messages as James' matcher gets. */
    @Benchmark
    public void secureMessengerMessage(Blackhole blackhole) {
        for (MimeMessage message : corpus.textMessages()) {
            blackhole.consume(scanner.scan(policy, extractor.extract(message)));
        }
    }

    /** The baseline: James' dlp.Dlp matcher on the same messages. */
    @Benchmark
    public void jamesDlpMessage(Blackhole blackhole) throws Exception {
        for (Mail mail : jamesMails) {
            blackhole.consume(jamesDlp.match(mail));
        }
    }

    /** Messages with PDF attachments: Tika's text extraction dominates (James' matcher does not read attachments). */
    @Benchmark
    public void secureMessengerWithPdfAttachments(Blackhole blackhole) {
        for (MimeMessage message : corpus.messagesWithAttachments()) {
            blackhole.consume(scanner.scan(policy, extractor.extract(message)));
        }
    }
}
