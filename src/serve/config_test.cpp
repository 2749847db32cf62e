#include "serve/config.h"

#include <gtest/gtest.h>

#include "data/embedded.h"

namespace composure {
namespace {

TEST(ServeConfig, EmptyTextGivesTheDefaults) {
  auto c = parse_serve_config("", "c.yaml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->http_host, "127.0.0.1");
  EXPECT_EQ(c->http_port, 8080);
  EXPECT_EQ(c->audiosocket_port, 9092);
  EXPECT_EQ(c->inbound, Speaker::Caller);
  EXPECT_FALSE(c->keep_raw_audio);
  EXPECT_TRUE(c->tokens.empty());
  EXPECT_EQ(c->decoders, 0);  // recognition off
}

TEST(ServeConfig, RecognitionDecodersAreANumberOrAuto) {
  auto n = parse_serve_config("recognition: {decoders: 3}\n", "c.yaml");
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(n->decoders, 3);
  auto a = parse_serve_config("recognition: {decoders: auto}\n", "c.yaml");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->decoders, ServeConfig::kAutoDecoders);
  auto bad = parse_serve_config("recognition:\n  decoders: many\n", "c.yaml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("c.yaml:2:"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(parse_serve_config("recognition: {beam: 3}\n", "c.yaml"));
}

TEST(ServeConfig, TheSecondRecognitionPassIsOffUnlessAskedFor) {
  EXPECT_FALSE(parse_serve_config("", "c.yaml")->second_pass);
  auto on = parse_serve_config("recognition: {decoders: 1, second_pass: true}\n", "c.yaml");
  ASSERT_TRUE(on) << on.error().message;
  EXPECT_TRUE(on->second_pass);
  auto bad = parse_serve_config("recognition:\n  second_pass: maybe\n", "c.yaml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "c.yaml:2: 'second_pass' is true or false");
}

TEST(ServeConfig, EveryKeyIsRead) {
  auto c = parse_serve_config(R"(
http: {host: 0.0.0.0, port: 0}
audiosocket:
  port: 9999
  legs:
    - {uuid: 0B3C6F0E-7F2A-4C1D-9E8B-5A4D3C2B1A00, call: c1, speaker: agent}
    - {uuid: 0b3c6f0e-7f2a-4c1d-9e8b-5a4d3c2b1a01, call: c1, speaker: caller}
tokens: [secret-token-1]
storage: {path: /tmp/x.db, keep_raw_audio: true}
media: {inbound: agent, max_message_bytes: 4096}
live: {queue_limit: 10}
)",
                              "c.yaml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->http_host, "0.0.0.0");
  EXPECT_EQ(c->http_port, 0);
  EXPECT_EQ(c->audiosocket_port, 9999);
  ASSERT_EQ(c->legs.size(), 2U);
  EXPECT_EQ(c->legs[0].uuid, "0b3c6f0e-7f2a-4c1d-9e8b-5a4d3c2b1a00");
  EXPECT_EQ(c->legs[0].speaker, Speaker::Agent);
  EXPECT_EQ(c->legs[1].call, "c1");
  EXPECT_EQ(c->tokens, std::vector<std::string>{"secret-token-1"});
  EXPECT_EQ(c->store, "/tmp/x.db");
  EXPECT_TRUE(c->keep_raw_audio);
  EXPECT_EQ(c->inbound, Speaker::Agent);
  EXPECT_EQ(c->max_message_bytes, 4096U);
  EXPECT_EQ(c->live_queue_limit, 10U);
}

TEST(ServeConfig, ErrorsNameTheFileAndLine) {
  const auto c = parse_serve_config("http:\n  port: 70000\n", "serve.yaml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "serve.yaml:2: 'port' must be a whole number from 0 to 65535");
}

TEST(ServeConfig, UnknownKeysAreRefusedWithTheKeysExpected) {
  const auto c = parse_serve_config("tokens: [abcdefgh]\nstorge: {path: x}\n", "serve.yaml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("serve.yaml:2: unknown key 'storge'"), std::string::npos)
      << c.error().message;
  EXPECT_NE(c.error().message.find("storage"), std::string::npos);
}

TEST(ServeConfig, BadSpeakerUuidAndTokenAreRefused) {
  auto c = parse_serve_config("media:\n  inbound: customer-ish\n", "a.yaml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message.rfind("a.yaml:2: 'inbound' must be agent or caller", 0), 0U);
  c = parse_serve_config("audiosocket:\n  legs:\n    - {uuid: nope, call: c, speaker: agent}\n",
                         "a.yaml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message.rfind("a.yaml:3: 'uuid' must look like", 0), 0U);
  c = parse_serve_config("tokens:\n  - short\n", "a.yaml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "a.yaml:2: a token must have at least 8 characters");
}

TEST(ServeConfig, YamlSyntaxErrorsNameTheLine) {
  const auto c = parse_serve_config("http:\n  port: [1, 2\n", "bad.yaml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message.rfind("bad.yaml:", 0), 0U) << c.error().message;
}

TEST(ServeConfig, MissingFileIsNamed) {
  const auto c = load_serve_config("/nonexistent/composure.yaml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "/nonexistent/composure.yaml: cannot read the configuration file");
}

TEST(ServeConfig, TheSampleConfigurationLoads) {
  const auto text = embedded_file("serve/composure.yaml");
  ASSERT_TRUE(text);
  const auto c = parse_serve_config(*text, "data/serve/composure.yaml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_FALSE(c->tokens.empty());
  EXPECT_EQ(c->legs.size(), 2U);
  EXPECT_EQ(c->decoders, ServeConfig::kAutoDecoders);  // recognition on in the sample
  EXPECT_EQ(c->web_root, "web/dist");
}

TEST(ServeConfig, WebRootAndIdleTimeoutsAreRead) {
  const auto c = parse_serve_config(
      "web: {root: web/dist}\ncalls: {audio_idle_s: 2.5, transcript_idle_s: 0}\n", "c.yaml");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->web_root, "web/dist");
  EXPECT_DOUBLE_EQ(c->audio_idle_s, 2.5);
  EXPECT_DOUBLE_EQ(c->transcript_idle_s, 0);
  const auto defaults = parse_serve_config("", "c.yaml");
  ASSERT_TRUE(defaults);
  EXPECT_TRUE(defaults->web_root.empty());  // no UI unless asked for
  EXPECT_DOUBLE_EQ(defaults->transcript_idle_s, 120);
}

TEST(ServeConfig, NegativeIdleTimesAndUnknownWebKeysAreRefused) {
  auto c = parse_serve_config("calls:\n  audio_idle_s: -1\n", "c.yaml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message,
            "c.yaml:2: 'audio_idle_s' must be a number of seconds from 0 (never) to 86400");
  c = parse_serve_config("web: {dir: x}\n", "c.yaml");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("unknown key 'dir' in web"), std::string::npos);
}

TEST(ServeConfig, IoThreadsAreANumberOrAutoForOnePerCore) {
  const auto defaults = parse_serve_config("", "c.yaml");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->threads, ServeConfig::kAutoThreads);
  const auto n = parse_serve_config("calls: {threads: 3}\n", "c.yaml");
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(n->threads, 3);
  const auto a = parse_serve_config("calls: {threads: auto}\n", "c.yaml");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->threads, ServeConfig::kAutoThreads);
  for (const char* bad : {"calls:\n  threads: 0\n", "calls:\n  threads: lots\n"}) {
    const auto c = parse_serve_config(bad, "c.yaml");
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error().message,
              "c.yaml:2: 'threads' must be a whole number from 1 to 256, or auto");
  }
}

}  // namespace
}  // namespace composure
