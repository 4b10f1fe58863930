package org.mailplatform.pop3.server;

import org.mailplatform.pop3.codec.Pop3CommandParser;
import org.mailplatform.pop3.codec.Pop3Response;
import org.mailplatform.pop3.codec.Pop3SyntaxException;
import org.mailplatform.protocol.frame.CommandDecoder;
import org.mailplatform.protocol.frame.Frame;

/**
 * Slot "decoder": frames to {@link Pop3Input}. Lines go through the codec's parser, except a line
 * the session announced as a SASL response ({@link #expectSaslResponse()}, protocol-kit's
 * {@link CommandDecoder}). POP3 has no data in stream mode.
 */
final class Pop3Decoder extends CommandDecoder<Pop3Input> {

    @Override
    protected Pop3Input lineTooLong(Frame.LineTooLong frame) {
        return new Pop3Input.Invalid(Pop3Response.err("Line too long"));
    }

    @Override
    protected Pop3Input saslResponse(String line) {
        return new Pop3Input.SaslResponse(line);
    }

    @Override
    protected Pop3Input command(Frame.Line line) {
        try {
            return new Pop3Input.Command(Pop3CommandParser.parse(line.bytes()));
        } catch (Pop3SyntaxException e) {
            return new Pop3Input.Invalid(e.response());
        }
    }

    @Override
    protected Pop3Input chunk(Frame.Chunk chunk) {
        return new Pop3Input.Invalid(Pop3Response.err("Unexpected data"));
    }
}
