package io.securemessenger.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import javax.activation.DataHandler;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A reproducible corpus of realistic clinical mail: progress notes, referrals and lab letters
 * full of numbers that look like identifiers but are not (phone numbers, dates, lab values, room
 * and order numbers), with real identifiers (an SSN, an MRN) placed at the end of one message in
 * ten, so that neither engine can stop early on most messages.
 */
final class ClinicalCorpus {
    private static final String[] SENTENCES = {
        "Patient seen in clinic today for follow-up of type 2 diabetes mellitus and hypertension.",
        "Blood pressure %d/%d mmHg, heart rate %d bpm, temperature %d.%d C, oxygen saturation %d%% on room air.",
        "HbA1c %d.%d%% (previously %d.%d%% on %02d/%02d/20%02d); fasting glucose %d mg/dL.",
        "Continue metformin %d mg twice daily and lisinopril %d mg once daily; refill sent to pharmacy.",
        "Lipid panel: total cholesterol %d, LDL %d, HDL %d, triglycerides %d mg/dL.",
        "Creatinine %d.%d mg/dL, eGFR %d mL/min/1.73m2, potassium %d.%d mmol/L.",
        "Please call the clinic at (415) %03d-%04d or page extension %d with any questions.",
        "Follow-up appointment scheduled in %d weeks in room B%d, building %d, second floor.",
        "Order number %d-%d was placed for a chest X-ray; imaging requisition %d attached to the chart.",
        "Discussed diet and exercise; the patient walks %d minutes a day and reports %d hours of sleep.",
        "Allergies: penicillin (rash), sulfa drugs (hives). No known food allergies.",
        "Plan reviewed with the attending physician; the care team meets on Tuesday at %d:%02d.",
        "Referral to cardiology for evaluation of intermittent palpitations over the last %d months.",
        "Vaccinations are up to date; influenza vaccine lot %d administered in the left deltoid.",
        "Pathology report pending; results expected within %d business days from the lab.",
        "Home health visit requested for wound care twice weekly for %d weeks.",
    };

    private final List<String> texts = new ArrayList<>();
    private final List<MimeMessage> textMessages = new ArrayList<>();
    private final List<MimeMessage> messagesWithAttachments = new ArrayList<>();
    private long textBytes;
    private long messageBytes;
    private long attachmentMessageBytes;

    ClinicalCorpus(int messages, int charsPerMessage, long seed) throws Exception {
        Random random = new Random(seed);
        Session session = Session.getInstance(new Properties());
        for (int i = 0; i < messages; i++) {
            String text = note(random, charsPerMessage, i % 10 == 9);
            texts.add(text);
            textBytes += text.length();
            MimeMessage plain = new MimeMessage(session);
            plain.setSubject("Clinic note " + i);
            plain.setText(text, "UTF-8");
            plain.saveChanges();
            textMessages.add(reparse(session, plain));
            messageBytes += size(plain);
            if (i % 4 == 0) {
                MimeMessage withPdf = new MimeMessage(session);
                withPdf.setSubject("Lab letter " + i);
                MimeMultipart multipart = new MimeMultipart();
                MimeBodyPart body = new MimeBodyPart();
                body.setText("Please find the lab letter attached.", "UTF-8");
                multipart.addBodyPart(body);
                MimeBodyPart pdf = new MimeBodyPart();
                pdf.setDataHandler(new DataHandler(new ByteArrayDataSource(pdf(text.substring(0, Math.min(text.length(), 6000))), "application/pdf")));
                pdf.setFileName("lab-letter-" + i + ".pdf");
                multipart.addBodyPart(pdf);
                withPdf.setContent(multipart);
                withPdf.saveChanges();
                messagesWithAttachments.add(reparse(session, withPdf));
                attachmentMessageBytes += size(withPdf);
            }
        }
    }

    private static String note(Random random, int chars, boolean withIdentifiers) {
        StringBuilder b = new StringBuilder(chars + 200);
        while (b.length() < chars) {
            String template = SENTENCES[random.nextInt(SENTENCES.length)];
            Object[] args = new Object[8];
            for (int j = 0; j < args.length; j++) {
                args[j] = 1 + random.nextInt(99);
            }
            if (template.contains("(415)")) {
                args = new Object[] {200 + random.nextInt(800), random.nextInt(10000), 1000 + random.nextInt(9000)};
            } else if (template.contains("Order number")) {
                args = new Object[] {100000 + random.nextInt(900000), 10 + random.nextInt(90), 1000000 + random.nextInt(9000000)};
            }
            b.append(String.format(template, args)).append(random.nextInt(6) == 0 ? "\n\n" : " ");
        }
        if (withIdentifiers) {
            b.append("\nPatient MRN: ").append(10000000 + random.nextInt(89999999)).append(", SSN 536-22-").append(1000 + random.nextInt(8999)).append('\n');
        }
        return b.toString();
    }

    private static byte[] pdf(String text) throws Exception {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                stream.beginText();
                stream.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 9);
                stream.setLeading(11);
                stream.newLineAtOffset(40, 750);
                String flat = text.replaceAll("\\s+", " ");
                for (int i = 0; i < flat.length() && i < 120 * 60; i += 120) {
                    stream.showText(flat.substring(i, Math.min(flat.length(), i + 120)));
                    stream.newLine();
                }
                stream.endText();
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    private static MimeMessage reparse(Session session, MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return new MimeMessage(session, new ByteArrayInputStream(out.toByteArray()));
    }

    private static long size(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.size();
    }

    List<String> texts() {
        return texts;
    }

    List<MimeMessage> textMessages() {
        return textMessages;
    }

    List<MimeMessage> messagesWithAttachments() {
        return messagesWithAttachments;
    }

    long textBytes() {
        return textBytes;
    }

    long messageBytes() {
        return messageBytes;
    }

    long attachmentMessageBytes() {
        return attachmentMessageBytes;
    }
}
