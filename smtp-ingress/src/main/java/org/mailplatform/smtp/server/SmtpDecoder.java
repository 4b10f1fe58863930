package org.mailplatform.smtp.server;

import org.mailplatform.protocol.frame.CommandDecoder;
import org.mailplatform.protocol.frame.Frame;
import org.mailplatform.smtp.codec.SmtpCommandParser;
import org.mailplatform.smtp.codec.SmtpReply;
import org.mailplatform.smtp.codec.SmtpSyntaxException;

/**
 * Slot "decoder": frames to {@link SmtpInput}. Command lines go through the codec's parser; a line
 * the session announced as a SASL response ({@link #expectSaslResponse()}, protocol-kit's
 * {@link CommandDecoder}) is passed as it is; DATA and BDAT arrive as chunks.
 */
final class SmtpDecoder extends CommandDecoder<SmtpInput> {

    @Override
    protected SmtpInput lineTooLong(Frame.LineTooLong frame) {
        return new SmtpInput.Invalid(SmtpReply.of(500, "5.5.6", "Line too long"));
    }

    @Override
    protected SmtpInput saslResponse(String line) {
        return new SmtpInput.SaslResponse(line);
    }

    @Override
    protected SmtpInput command(Frame.Line line) {
        try {
            return new SmtpInput.Command(SmtpCommandParser.parse(line.bytes()));
        } catch (SmtpSyntaxException e) {
            return new SmtpInput.Invalid(e.reply());
        }
    }

    @Override
    protected SmtpInput chunk(Frame.Chunk chunk) {
        return new SmtpInput.Data(chunk.bytes(), chunk.last());
    }
}
