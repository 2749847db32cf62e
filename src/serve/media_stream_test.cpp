#include "serve/media_stream.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace composure {
namespace {

TEST(MediaStream, ConnectedIsRecognised) {
  auto m = parse_media_message(R"({"event":"connected","protocol":"Call","version":"1.0.0"})");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->kind, MediaKind::Connected);
}

TEST(MediaStream, StartCarriesIdsTracksAndParameters) {
  auto m = parse_media_message(R"({"event":"start","sequenceNumber":"1","streamSid":"MZ1",
    "start":{"accountSid":"AC1","streamSid":"MZ1","callSid":"CA1","tracks":["inbound","outbound"],
    "mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},
    "customParameters":{"agent":"a7"}}})");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->kind, MediaKind::Start);
  EXPECT_EQ(m->sequence, 1);
  EXPECT_EQ(m->stream_sid, "MZ1");
  EXPECT_EQ(m->call_sid, "CA1");
  EXPECT_EQ(m->account_sid, "AC1");
  EXPECT_TRUE(m->inbound);
  EXPECT_TRUE(m->outbound);
  EXPECT_EQ(m->custom_parameters, R"({"agent":"a7"})");
}

TEST(MediaStream, TranscriptCarriesWordsSpreadOverTheSegment) {
  auto m = parse_media_message(
      R"({"event":"transcript","speaker":"caller","start":12.0,"end":13.0,"text":"where is it"})");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->kind, MediaKind::Transcript);
  ASSERT_EQ(m->utterances.size(), 1U);
  const Utterance& u = m->utterances[0];
  EXPECT_EQ(u.speaker, Speaker::Caller);
  EXPECT_EQ(u.t_ms, 12000);
  EXPECT_EQ(u.end_ms, 13000);
  ASSERT_EQ(u.words.size(), 3U);
  EXPECT_EQ(u.words[2].text, "it");
  EXPECT_LE(u.words[2].end_ms, 13000);
  EXPECT_GT(u.words[2].end_ms, 12500);
}

TEST(MediaStream, TranscriptWithWordsKeepsTheirTimes) {
  auto m = parse_media_message(R"({"event":"transcript","speaker":"agent","start_ms":100,
    "text":"hello there","words":[{"word":"hello","start":0.1,"end":0.4,"confidence":0.8},
    {"word":"there","start":0.45,"end":0.7}]})");
  ASSERT_TRUE(m) << m.error().message;
  ASSERT_EQ(m->utterances.size(), 1U);
  EXPECT_EQ(m->utterances[0].speaker, Speaker::Agent);
  EXPECT_EQ(m->utterances[0].end_ms, 700);
  EXPECT_FLOAT_EQ(m->utterances[0].words[0].confidence, 0.8F);
}

TEST(MediaStream, TranscriptWithoutASpeakerIsRefused) {
  auto m = parse_media_message(R"({"event":"transcript","start":1,"text":"hi"})");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, "transcript.speaker: missing");
  m = parse_media_message(R"({"event":"transcript","speaker":"robot","start":1,"text":"hi"})");
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("expected agent or caller"), std::string::npos);
}

TEST(MediaStream, StartWithAnotherFormatIsRefused) {
  auto m = parse_media_message(R"({"event":"start","start":{"callSid":"CA1",
    "mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":16000,"channels":1}}})");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, "start.mediaFormat.sampleRate: 16000 Hz is not supported (8000)");
  m = parse_media_message(R"({"event":"start","start":{"callSid":"CA1",
    "mediaFormat":{"encoding":"audio/l16"}}})");
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("audio/l16 is not supported"), std::string::npos);
}

TEST(MediaStream, MediaDecodesPayloadAndNumbersGivenAsStrings) {
  auto m = parse_media_message(R"({"event":"media","sequenceNumber":"3","streamSid":"MZ1",
    "media":{"track":"outbound","chunk":"2","timestamp":"40","payload":"/38A"}})");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->kind, MediaKind::Media);
  EXPECT_EQ(m->track, Track::Outbound);
  EXPECT_EQ(m->chunk, 2);
  EXPECT_EQ(m->timestamp_ms, 40);
  EXPECT_EQ(m->payload, (std::vector<std::uint8_t>{0xff, 0x7f, 0x00}));
}

TEST(MediaStream, MarkDtmfAndStopAreRecognised) {
  auto mark = parse_media_message(R"({"event":"mark","streamSid":"MZ1","mark":{"name":"m1"}})");
  ASSERT_TRUE(mark);
  EXPECT_EQ(mark->kind, MediaKind::Mark);
  EXPECT_EQ(mark->name, "m1");
  auto dtmf =
      parse_media_message(R"({"event":"dtmf","dtmf":{"track":"inbound_track","digit":"5"}})");
  ASSERT_TRUE(dtmf);
  EXPECT_EQ(dtmf->kind, MediaKind::Dtmf);
  EXPECT_EQ(dtmf->name, "5");
  auto stop = parse_media_message(R"({"event":"stop","stop":{"callSid":"CA1"},"streamSid":"MZ1"})");
  ASSERT_TRUE(stop);
  EXPECT_EQ(stop->kind, MediaKind::Stop);
}

TEST(MediaStream, MalformedInputSaysWhatIsWrong) {
  EXPECT_EQ(parse_media_message("{not json").error().message, "not JSON");
  EXPECT_EQ(parse_media_message("[1,2]").error().message, "expected a JSON object, got array");
  EXPECT_EQ(parse_media_message(R"({"x":1})").error().message, "event: missing or not text");
  EXPECT_NE(
      parse_media_message(R"({"event":"dance"})").error().message.find("unknown event 'dance'"),
      std::string::npos);
  EXPECT_EQ(parse_media_message(R"({"event":"media","media":{"timestamp":"0","payload":"ab$d"}})")
                .error()
                .message,
            "media.payload: not base64 (at character 3)");
  EXPECT_EQ(parse_media_message(R"({"event":"media","media":{"timestamp":"x","payload":""}})")
                .error()
                .message,
            "media.timestamp: expected a whole number, got \"x\"");
  EXPECT_EQ(parse_media_message(R"({"event":"media","media":{"track":"sideways","timestamp":0,
    "payload":""}})")
                .error()
                .message,
            "media.track: unknown track 'sideways' (expected inbound or outbound)");
  EXPECT_EQ(parse_media_message(R"({"event":"start"})").error().message, "start: missing");
}

TEST(MediaStream, Base64RoundTrips) {
  for (std::size_t n = 0; n < 10; ++n) {
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < n; ++i) bytes.push_back(static_cast<std::uint8_t>(i * 97 + 3));
    const auto back = decode_base64(encode_base64(bytes));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, bytes);
  }
  EXPECT_FALSE(decode_base64("abcde"));
}

TEST(MediaStream, RepliesAreTwilioShaped) {
  const auto media = nlohmann::json::parse(media_reply("MZ1", {0xff, 0x7f, 0x00}));
  EXPECT_EQ(media["event"], "media");
  EXPECT_EQ(media["streamSid"], "MZ1");
  EXPECT_EQ(media["media"]["payload"], "/38A");
  EXPECT_EQ(nlohmann::json::parse(mark_reply("MZ1", "end"))["mark"]["name"], "end");
  EXPECT_EQ(nlohmann::json::parse(clear_reply("MZ1"))["event"], "clear");
}

// The fast path takes a media message only when the full parser reads it the same way; anything
// else it leaves to the full parser (which names the error).
TEST(MediaStream, FastMediaFramesAgreeWithTheFullParserOrDecline) {
  const std::vector<std::pair<std::string, bool>> cases{
      {R"({"event":"media","sequenceNumber":"3","media":{"track":"outbound","chunk":"2",)"
       R"("timestamp":"40","payload":"AAEC/w=="},"streamSid":"MZ1"})",
       true},
      {R"( { "event" : "media" , "media" : { "timestamp" : 60 , "payload" : "AAEC" } } )", true},
      {R"({"media":{"payload":"AAEC","timestamp":"007","extra":[1,{"a":null},true,-2.5e3]},)"
       R"("event":"media","x":"\u00e9\n"})",
       true},
      {R"({"event":"media","media":{"track":"inbound_track","timestamp":0,"payload":""}})", true},
      // Declined: not media, malformed, escapes or repeats in the fields read, odd numbers.
      {R"({"event":"mark","mark":{"name":"m"}})", false},
      {R"({"event":"media","media":{"timestamp":"1","payload":"@@@@"}})", false},
      {R"({"event":"media","media":{"timestamp":"-1","payload":"AAEC"}})", false},
      {R"({"event":"media","media":{"timestamp":1.5,"payload":"AAEC"}})", false},
      {R"({"event":"media","media":{"timestamp":01,"payload":"AAEC"}})", false},
      {R"({"event":"media","media":{"timestamp":"+1","payload":"AAEC"}})", false},
      {R"({"event":"media","media":{"payload":"AAEC"}})", false},
      {R"({"event":"media","media":{"timestamp":1}})", false},
      {R"({"event":"media","media":{"timestamp":1,"payload":"AAEC","track":"sideways"}})", false},
      {R"({"event":"media","media":{"timestamp":1,"payload":"AAEC"},"event":"stop"})", false},
      {R"({"event":"media","media":{"timestamp":1,"timestamp":2,"payload":"AAEC"}})", false},
      {R"({"ev\u0065nt":"media","media":{"timestamp":1,"payload":"AAEC"}})", false},
      {R"({"event":"media","media":{"timestamp":1,"payload":"AA\/C"}})", false},
      {R"({"event":"media","media":{"timestamp":1,"payload":"AAEC"}} x)", false},
      {R"({"event":"media","media":{"timestamp":1,"payload":"AAEC"})", false},
      {R"({"event":"media","media":{"timestamp":1,"payload":"AAEC"},})", false},
      {R"({"event":"media","media":{"timestamp":1,"payload":"AAEC"},"x":tru})", false},
      {"{\"event\":\"media\",\"x\":\"\xc3\xa9\",\"media\":{\"timestamp\":1,\"payload\":\"AAEC\"}}",
       false},
      {R"({"event":"media","media":[1]})", false},
      {"{\"event\":\"media\",\"media\":{\"timestamp\":1,\"payload\":\"AA\nEC\"}}", false},
  };
  for (const auto& [text, fast] : cases) {
    MediaFrame f;
    std::vector<std::uint8_t> payload{9, 9, 9, 9, 9};
    const bool took = parse_media_frame(text, f, payload);
    EXPECT_EQ(took, fast) << text;
    if (!took) continue;
    const auto full = parse_media_message(text);
    ASSERT_TRUE(full) << text << ": " << full.error().message;
    EXPECT_EQ(full->kind, MediaKind::Media);
    EXPECT_EQ(full->track, f.track) << text;
    EXPECT_EQ(full->timestamp_ms, f.timestamp_ms) << text;
    EXPECT_EQ(full->chunk, f.chunk) << text;
    EXPECT_EQ(full->sequence, f.sequence) << text;
    EXPECT_EQ(full->payload, payload) << text;
  }
}

TEST(MediaStream, Base64IntoAgreesWithTheCheckedDecoder) {
  std::vector<std::uint8_t> out;
  for (const std::string text : {"", "AA", "AAE", "AAEC", "AAEC/w", "AAEC/w==", "AAEC/w=", "////",
                                 "A", "AAECA", "AA@C", "AAEC===", "+/+/"}) {
    const auto checked = decode_base64(text);
    EXPECT_EQ(decode_base64_into(text, out), static_cast<bool>(checked)) << text;
    if (checked) {
      EXPECT_EQ(out, *checked) << text;
    }
  }
}

}  // namespace
}  // namespace composure
