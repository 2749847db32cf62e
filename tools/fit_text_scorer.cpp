// Fits the text frustration scorer (data/text_scorer/weights.tsv): an L2-regularised logistic
// regression over featurize_text()'s features, trained with L-BFGS on GoEmotions and MELD train.
//
// Which data is used for what:
//   - the train splits are cut into five cross-validation folds (GoEmotions comments by a hash of
//     their id, MELD by dialogue id so that one scene never sits on both sides);
//   - --compare fits every variant five times, each on four folds, and scores the fifth: all
//     choices are made on these pooled out-of-fold scores of train;
//   - the final run chooses the threshold the same way, refits on all of train, writes the
//     weights, and only then scores the dev splits once (through TextScorer, reading back the
//     file it wrote).
// Usage: see scripts/fit-text-scorer.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <numeric>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/strings.h"
#include "understand/text_scorer.h"

namespace composure {
namespace {

enum class Source : std::uint8_t { GoEmotions, Meld };
enum class Label : std::uint8_t { Frustrated, Neutral, Other };

constexpr std::array<std::string_view, 2> kSourceNames = {"goemotions", "meld"};
constexpr std::uint64_t kFolds = 5;

struct Example {
  std::string text;
  Source source = Source::GoEmotions;
  Label label = Label::Other;
  std::uint8_t fold = 0;  // cross-validation fold within train (unused for dev examples)
};

// The defaults are the configuration chosen by cross-validation on train (README.md).
struct Config {
  TextFeatureScheme scheme{
      .bigrams = true, .negation = true, .cues = true, .char_min = 3, .char_max = 5};
  double lambda = 50.0;              // L2 strength on the summed (weighted) log loss
  double other_weight = 0.0;         // weight of other-emotion examples as negatives (0: left out)
  double meld_weight = 3.0;          // weight of MELD examples relative to GoEmotions
  int min_df = 3;                    // features seen in fewer training texts are dropped
  double prune = 0.002;              // weights smaller than this in magnitude are not written
  std::size_t max_features = 12000;  // keep only this many of the largest weights (0: all)
  bool nb = true;  // scale features by their naive-Bayes log-count ratio (NBSVM-style prior)

  [[nodiscard]] std::string describe() const {
    std::ostringstream s;
    s << "scheme=" << scheme.to_string() << " lambda=" << lambda << " other=" << other_weight
      << " meld=" << meld_weight << " min_df=" << min_df << (nb ? " nb" : "");
    if (max_features > 0) s << " max_features=" << max_features;
    return s.str();
  }
};

[[noreturn]] void die(const std::string& message) {
  std::cerr << "fit_text_scorer: " << message << "\n";
  std::exit(1);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die(path.string() + ": cannot open");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string_view> lines_of(std::string_view text) {
  auto lines = split(text, '\n');
  for (auto& l : lines) {
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  }
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// GoEmotions: text<TAB>label ids<TAB>comment id; ids index labels.txt.
std::vector<Example> load_goemotions(const std::filesystem::path& dir,
                                     std::string_view split_name) {
  const std::string labels_text = read_file(dir / "labels.txt");
  const auto names = lines_of(labels_text);
  const std::array<std::string_view, 5> frustrated = {"anger", "annoyance", "disapproval",
                                                      "disappointment", "disgust"};
  std::vector<Label> by_id;
  int neutral_id = -1;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const bool f = std::find(frustrated.begin(), frustrated.end(), names[i]) != frustrated.end();
    by_id.push_back(f ? Label::Frustrated : Label::Other);
    if (names[i] == "neutral") neutral_id = static_cast<int>(i);
  }
  if (neutral_id < 0) die((dir / "labels.txt").string() + ": no 'neutral' label");

  const auto path = dir / (std::string(split_name) + ".tsv");
  const std::string text = read_file(path);
  std::vector<Example> out;
  std::size_t line_no = 0;
  for (const auto line : lines_of(text)) {
    ++line_no;
    const auto fields = split(line, '\t');
    if (fields.size() != 3)
      die(path.string() + ":" + std::to_string(line_no) + ": expected 3 fields");
    bool any_frustrated = false;
    bool only_neutral = true;
    for (const auto id_text : split(fields[1], ',')) {
      const int id = std::stoi(std::string(id_text));
      if (id < 0 || static_cast<std::size_t>(id) >= by_id.size()) {
        die(path.string() + ":" + std::to_string(line_no) + ": label id out of range");
      }
      any_frustrated = any_frustrated || by_id[static_cast<std::size_t>(id)] == Label::Frustrated;
      only_neutral = only_neutral && id == neutral_id;
    }
    Example e;
    e.text = std::string(fields[0]);
    e.source = Source::GoEmotions;
    // Frustrated: any of the five labels. Neutral: labelled neutral and nothing else.
    e.label = any_frustrated ? Label::Frustrated : only_neutral ? Label::Neutral : Label::Other;
    e.fold = static_cast<std::uint8_t>(fnv1a(fields[2]) % kFolds);
    out.push_back(std::move(e));
  }
  return out;
}

// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; rows end in CRLF.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

// MELD: Sr No.,Utterance,Speaker,Emotion,Sentiment,Dialogue_ID,...
std::vector<Example> load_meld(const std::filesystem::path& dir, std::string_view split_name) {
  const auto path = dir / (std::string(split_name) + "_sent_emo.csv");
  const auto rows = parse_csv(read_file(path));
  if (rows.empty()) die(path.string() + ": empty");
  const auto column = [&](std::string_view name) {
    const auto it = std::find(rows[0].begin(), rows[0].end(), name);
    if (it == rows[0].end()) die(path.string() + ": no column " + std::string(name));
    return static_cast<std::size_t>(it - rows[0].begin());
  };
  const std::size_t utterance = column("Utterance");
  const std::size_t emotion = column("Emotion");
  const std::size_t dialogue = column("Dialogue_ID");
  std::vector<Example> out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != rows[0].size()) {
      die(path.string() + ": row " + std::to_string(r) + " has " + std::to_string(rows[r].size()) +
          " fields, expected " + std::to_string(rows[0].size()));
    }
    Example e;
    e.text = rows[r][utterance];
    std::replace(e.text.begin(), e.text.end(), '\n', ' ');
    e.source = Source::Meld;
    const std::string& emo = rows[r][emotion];
    e.label = emo == "anger" || emo == "disgust" ? Label::Frustrated
              : emo == "neutral"                 ? Label::Neutral
                                                 : Label::Other;
    e.fold = static_cast<std::uint8_t>(std::stoull(rows[r][dialogue]) % kFolds);
    out.push_back(std::move(e));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sparse design matrix and L2-regularised logistic regression by L-BFGS.

struct Dataset {
  std::vector<std::uint32_t> row_start{0};
  std::vector<std::uint32_t> cols;
  std::vector<double> scale;   // per-feature value when present (1, or the NB ratio)
  std::vector<double> y;       // 1 frustrated, 0 not
  std::vector<double> weight;  // per-example loss weight
  [[nodiscard]] std::size_t rows() const { return y.size(); }
};

struct Vocabulary {
  std::unordered_map<std::string, std::uint32_t> index;
  std::vector<std::string> names;
};

double example_weight(const Example& e, const Config& config) {
  const double source = e.source == Source::Meld ? config.meld_weight : 1.0;
  return e.label == Label::Other ? source * config.other_weight : source;
}

Vocabulary build_vocabulary(const std::vector<const Example*>& train, const Config& config) {
  std::unordered_map<std::string, int> df;
  TextFeatures features;
  std::vector<std::string_view> seen;
  for (const Example* e : train) {
    featurize_text(e->text, config.scheme, features);
    seen.clear();
    for (std::size_t i = 0; i < features.size(); ++i) seen.push_back(features[i]);
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (const auto f : seen) ++df[std::string(f)];
  }
  Vocabulary vocab;
  for (const auto& [name, count] : df) {
    if (count >= config.min_df) vocab.names.push_back(name);
  }
  std::sort(vocab.names.begin(), vocab.names.end());
  for (std::size_t i = 0; i < vocab.names.size(); ++i) {
    vocab.index.emplace(vocab.names[i], static_cast<std::uint32_t>(i));
  }
  return vocab;
}

Dataset build_dataset(const std::vector<const Example*>& train, const Vocabulary& vocab,
                      const Config& config) {
  Dataset d;
  TextFeatures features;
  std::vector<std::uint32_t> row;
  for (const Example* e : train) {
    featurize_text(e->text, config.scheme, features);
    row.clear();
    for (std::size_t i = 0; i < features.size(); ++i) {
      const auto it = vocab.index.find(std::string(features[i]));
      if (it != vocab.index.end()) row.push_back(it->second);
    }
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end()), row.end());
    d.cols.insert(d.cols.end(), row.begin(), row.end());
    d.row_start.push_back(static_cast<std::uint32_t>(d.cols.size()));
    d.y.push_back(e->label == Label::Frustrated ? 1.0 : 0.0);
    d.weight.push_back(example_weight(*e, config));
  }
  d.scale.assign(vocab.names.size(), 1.0);
  if (config.nb) {
    // r = log((p / |p|1) / (q / |q|1)) with p, q the smoothed weighted document counts of each
    // feature in frustrated and in other examples (Wang & Manning 2012).
    std::vector<double> p(vocab.names.size(), 1.0);
    std::vector<double> q(vocab.names.size(), 1.0);
    for (std::size_t i = 0; i < d.rows(); ++i) {
      auto& counts = d.y[i] > 0.5 ? p : q;
      for (std::uint32_t k = d.row_start[i]; k < d.row_start[i + 1]; ++k) {
        counts[d.cols[k]] += d.weight[i];
      }
    }
    const double p_sum = std::accumulate(p.begin(), p.end(), 0.0);
    const double q_sum = std::accumulate(q.begin(), q.end(), 0.0);
    for (std::size_t j = 0; j < d.scale.size(); ++j) {
      d.scale[j] = std::abs(std::log((p[j] / p_sum) / (q[j] / q_sum)));
    }
  }
  return d;
}

double softplus(double z) {
  return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}
double sigmoid(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

// Objective and gradient; w has one weight per feature and the bias last (not regularised).
double objective(const Dataset& d, double lambda, const std::vector<double>& w,
                 std::vector<double>& grad) {
  const std::size_t bias = w.size() - 1;
  std::fill(grad.begin(), grad.end(), 0.0);
  double f = 0.0;
  for (std::size_t i = 0; i < d.rows(); ++i) {
    if (d.weight[i] == 0.0) continue;
    double z = w[bias];
    for (std::uint32_t k = d.row_start[i]; k < d.row_start[i + 1]; ++k) {
      z += w[d.cols[k]] * d.scale[d.cols[k]];
    }
    f += d.weight[i] * (softplus(z) - d.y[i] * z);
    const double dz = d.weight[i] * (sigmoid(z) - d.y[i]);
    for (std::uint32_t k = d.row_start[i]; k < d.row_start[i + 1]; ++k) {
      grad[d.cols[k]] += dz * d.scale[d.cols[k]];
    }
    grad[bias] += dz;
  }
  for (std::size_t j = 0; j < bias; ++j) {
    f += 0.5 * lambda * w[j] * w[j];
    grad[j] += lambda * w[j];
  }
  return f;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

std::vector<double> fit_logistic(const Dataset& d, std::size_t features, double lambda) {
  constexpr std::size_t kMemory = 10;
  constexpr int kMaxIterations = 400;
  const std::size_t n = features + 1;
  std::vector<double> w(n, 0.0);
  std::vector<double> g(n);
  std::vector<double> w_new(n);
  std::vector<double> g_new(n);
  std::vector<double> dir(n);
  std::vector<std::vector<double>> s_hist;
  std::vector<std::vector<double>> y_hist;
  std::vector<double> rho_hist;
  double f = objective(d, lambda, w, g);
  for (int iter = 0; iter < kMaxIterations; ++iter) {
    // Two-loop recursion: dir = -H g.
    dir = g;
    std::vector<double> alpha(s_hist.size());
    for (std::size_t k = s_hist.size(); k-- > 0;) {
      alpha[k] = rho_hist[k] * dot(s_hist[k], dir);
      for (std::size_t j = 0; j < n; ++j) dir[j] -= alpha[k] * y_hist[k][j];
    }
    const double gamma =
        s_hist.empty() ? 1.0 / std::max(1.0, std::sqrt(dot(g, g)))
                       : dot(s_hist.back(), y_hist.back()) / dot(y_hist.back(), y_hist.back());
    for (double& v : dir) v *= gamma;
    for (std::size_t k = 0; k < s_hist.size(); ++k) {
      const double beta = rho_hist[k] * dot(y_hist[k], dir);
      for (std::size_t j = 0; j < n; ++j) dir[j] += s_hist[k][j] * (alpha[k] - beta);
    }
    for (double& v : dir) v = -v;
    double slope = dot(g, dir);
    if (slope >= 0) {  // not a descent direction: restart from steepest descent
      s_hist.clear();
      y_hist.clear();
      rho_hist.clear();
      for (std::size_t j = 0; j < n; ++j) dir[j] = -g[j];
      slope = dot(g, dir);
    }
    // Backtracking line search (Armijo).
    double step = 1.0;
    double f_new = 0.0;
    for (int tries = 0;; ++tries) {
      for (std::size_t j = 0; j < n; ++j) w_new[j] = w[j] + step * dir[j];
      f_new = objective(d, lambda, w_new, g_new);
      if (f_new <= f + 1e-4 * step * slope || tries > 30) break;
      step *= 0.5;
    }
    std::vector<double> s(n);
    std::vector<double> y(n);
    for (std::size_t j = 0; j < n; ++j) {
      s[j] = w_new[j] - w[j];
      y[j] = g_new[j] - g[j];
    }
    const double sy = dot(s, y);
    if (sy > 1e-12) {
      if (s_hist.size() == kMemory) {
        s_hist.erase(s_hist.begin());
        y_hist.erase(y_hist.begin());
        rho_hist.erase(rho_hist.begin());
      }
      s_hist.push_back(std::move(s));
      y_hist.push_back(std::move(y));
      rho_hist.push_back(1.0 / sy);
    }
    const double decrease = f - f_new;
    w.swap(w_new);
    g.swap(g_new);
    f = f_new;
    if (decrease >= 0 && decrease < 1e-9 * std::max(1.0, std::abs(f))) break;
  }
  return w;
}

// ---------------------------------------------------------------------------------------------
// Metrics: frustrated is the positive class; only frustrated and neutral examples count.

struct Counts {
  int tp = 0;
  int fp = 0;
  int fn = 0;
  int tn = 0;
  [[nodiscard]] double precision() const { return tp + fp == 0 ? 0.0 : 1.0 * tp / (tp + fp); }
  [[nodiscard]] double recall() const { return tp + fn == 0 ? 0.0 : 1.0 * tp / (tp + fn); }
  [[nodiscard]] double f1() const {
    return 2 * tp + fp + fn == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
  }
};

struct Scored {
  double p = 0.0;
  bool frustrated = false;
};

Counts count_at(const std::vector<Scored>& scored, double threshold) {
  Counts c;
  for (const auto& s : scored) {
    const bool predicted = s.p >= threshold;
    if (predicted && s.frustrated) ++c.tp;
    if (predicted && !s.frustrated) ++c.fp;
    if (!predicted && s.frustrated) ++c.fn;
    if (!predicted && !s.frustrated) ++c.tn;
  }
  return c;
}

constexpr double kThresholdStep = 0.01;

double best_threshold(const std::vector<Scored>& scored, double& best_f1) {
  best_f1 = -1.0;
  double best = 0.5;
  for (double t = kThresholdStep; t < 1.0; t += kThresholdStep) {
    const double f1 = count_at(scored, t).f1();
    if (f1 > best_f1) {
      best_f1 = f1;
      best = t;
    }
  }
  return best;
}

// One threshold for both sources: the one that maximises the mean of their F1s.
double shared_threshold(const std::array<std::vector<Scored>, 2>& scored) {
  double best = 0.5;
  double best_mean = -1.0;
  for (double t = kThresholdStep; t < 1.0; t += kThresholdStep) {
    const double mean = 0.5 * (count_at(scored[0], t).f1() + count_at(scored[1], t).f1());
    if (mean > best_mean) {
      best_mean = mean;
      best = t;
    }
  }
  return best;
}

struct Model {
  std::vector<std::string> names;
  std::vector<double> weights;
  double bias = 0.0;
  std::size_t vocabulary = 0;
};

Model fit(const std::vector<const Example*>& train, const Config& config) {
  const Vocabulary vocab = build_vocabulary(train, config);
  const Dataset d = build_dataset(train, vocab, config);
  const auto w = fit_logistic(d, vocab.names.size(), config.lambda);
  Model m;
  m.vocabulary = vocab.names.size();
  m.bias = w.back();
  std::vector<double> effective(vocab.names.size());
  for (std::size_t j = 0; j < vocab.names.size(); ++j) {
    effective[j] = w[j] * d.scale[j];  // what one present feature adds to the logit
  }
  double floor = config.prune;
  if (config.max_features > 0 && config.max_features < effective.size()) {
    std::vector<double> magnitudes(effective.size());
    std::transform(effective.begin(), effective.end(), magnitudes.begin(),
                   [](double v) { return std::abs(v); });
    const auto nth = magnitudes.begin() + static_cast<std::ptrdiff_t>(config.max_features);
    std::nth_element(magnitudes.begin(), nth, magnitudes.end(), std::greater<>());
    floor = std::max(floor, std::nextafter(*nth, 1e9));
  }
  for (std::size_t j = 0; j < vocab.names.size(); ++j) {
    if (std::abs(effective[j]) >= floor) {
      m.names.push_back(vocab.names[j]);
      m.weights.push_back(effective[j]);
    }
  }
  return m;
}

std::string weight_text(double w, int digits) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.*g", digits, w);
  return buf.data();
}

// The weights file exactly as TextScorer::parse reads it, features by weight, largest first.
std::string render_weights(const Model& m, const Config& config, double threshold) {
  std::vector<std::size_t> order(m.names.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return m.weights[a] != m.weights[b] ? m.weights[a] > m.weights[b] : m.names[a] < m.names[b];
  });
  std::ostringstream out;
  out << "#composure-text-scorer\tversion=1\tscheme=" << config.scheme.to_string()
      << "\tbias=" << weight_text(m.bias, 6) << "\tthreshold=" << weight_text(threshold, 4)
      << "\tfeatures=" << m.names.size() << "\n";
  out << "# P(frustrated) = 1 / (1 + exp(-(bias + sum of the weights of the distinct features "
         "present))); see README.md\n";
  out << "# fitted by tools/fit_text_scorer: " << config.describe() << " prune=" << config.prune
      << "\n";
  for (const std::size_t i : order)
    out << m.names[i] << "\t" << weight_text(m.weights[i], 4) << "\n";
  return out.str();
}

// Scores the frustrated/neutral examples of each source through a real TextScorer.
std::array<std::vector<Scored>, 2> score_examples(const TextScorer& scorer,
                                                  const std::vector<const Example*>& examples) {
  std::array<std::vector<Scored>, 2> out;
  for (const Example* e : examples) {
    if (e->label == Label::Other) continue;
    out[static_cast<std::size_t>(e->source)].push_back(
        {scorer.score(e->text), e->label == Label::Frustrated});
  }
  return out;
}

TextScorer to_scorer(const Model& m, const Config& config, double threshold) {
  auto scorer = TextScorer::parse(render_weights(m, config, threshold), "(in memory)");
  if (!scorer) die(scorer.error().message);
  return std::move(*scorer);
}

// Out-of-fold scores: each fold fitted on the other four and scored on itself, pooled.
struct CrossValidated {
  std::array<std::vector<Scored>, 2> scored;
  double threshold = 0.5;
  std::size_t weights = 0;  // features kept, averaged over folds
};

CrossValidated cross_validate(const std::vector<Example>& train, const Config& config) {
  CrossValidated cv;
  for (std::uint8_t fold = 0; fold < kFolds; ++fold) {
    std::vector<const Example*> fit_part;
    std::vector<const Example*> held_part;
    for (const auto& e : train) (e.fold == fold ? held_part : fit_part).push_back(&e);
    const Model model = fit(fit_part, config);
    cv.weights += model.names.size() / kFolds;
    const auto scored = score_examples(to_scorer(model, config, 0.5), held_part);
    for (std::size_t s = 0; s < 2; ++s) {
      cv.scored[s].insert(cv.scored[s].end(), scored[s].begin(), scored[s].end());
    }
  }
  cv.threshold = shared_threshold(cv.scored);
  return cv;
}

// Area under the ROC curve: the chance a frustrated example outscores a neutral one.
double auc(std::vector<Scored> scored) {
  std::sort(scored.begin(), scored.end(),
            [](const Scored& a, const Scored& b) { return a.p < b.p; });
  double rank_sum = 0.0;
  double positives = 0.0;
  for (std::size_t i = 0; i < scored.size();) {
    std::size_t j = i;
    while (j < scored.size() && scored[j].p == scored[i].p) ++j;
    const double mid_rank = 0.5 * static_cast<double>(i + 1 + j);  // ties share their mean rank
    for (std::size_t k = i; k < j; ++k) {
      if (scored[k].frustrated) {
        rank_sum += mid_rank;
        positives += 1.0;
      }
    }
    i = j;
  }
  const double negatives = static_cast<double>(scored.size()) - positives;
  if (positives == 0.0 || negatives == 0.0) return 0.0;
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

void print_counts(std::string_view what, std::string_view source, const std::vector<Scored>& scored,
                  double threshold) {
  const Counts c = count_at(scored, threshold);
  std::printf(
      "%-14s %-10s n=%5d  threshold=%.2f  precision=%.3f  recall=%.3f  F1=%.3f  "
      "AUC=%.3f  accuracy=%.3f  (tp=%d fp=%d fn=%d tn=%d)\n",
      std::string(what).c_str(), std::string(source).c_str(), c.tp + c.fp + c.fn + c.tn, threshold,
      c.precision(), c.recall(), c.f1(), auc(scored),
      1.0 * (c.tp + c.tn) / std::max(1, c.tp + c.fp + c.fn + c.tn), c.tp, c.fp, c.fn, c.tn);
}

void print_variants(const std::vector<Example>& train, const std::vector<Config>& variants);

// "scheme=w,w+q;lambda=3,10;meld=1,2": every combination, other settings from `base`.
std::vector<Config> grid_variants(std::string_view grid, const Config& base) {
  std::vector<Config> out = {base};
  for (const auto axis : split(grid, ';')) {
    const std::size_t eq = axis.find('=');
    if (eq == std::string_view::npos) die("grid axis '" + std::string(axis) + "' is not key=v1,v2");
    const std::string key(axis.substr(0, eq));
    std::vector<Config> next;
    for (const auto& c : out) {
      for (const auto v : split(axis.substr(eq + 1), ',')) {
        Config n = c;
        const std::string value(v);
        if (key == "scheme") {
          auto scheme = TextFeatureScheme::parse(value);
          if (!scheme) die(scheme.error().message);
          n.scheme = *scheme;
        } else if (key == "lambda") {
          n.lambda = std::stod(value);
        } else if (key == "other") {
          n.other_weight = std::stod(value);
        } else if (key == "meld") {
          n.meld_weight = std::stod(value);
        } else if (key == "min_df") {
          n.min_df = std::stoi(value);
        } else if (key == "nb") {
          n.nb = value == "1";
        } else if (key == "max_features") {
          n.max_features = std::stoul(value);
        } else {
          die("unknown grid key " + key);
        }
        next.push_back(n);
      }
    }
    out = std::move(next);
  }
  return out;
}

void compare(const std::vector<Example>& train, const Config& base, std::string_view grid) {
  if (!grid.empty()) {
    print_variants(train, grid_variants(grid, base));
    return;
  }
  std::vector<Config> variants = {base};
  const auto with_scheme = [&](std::string_view s) {
    Config c = base;
    c.scheme = *TextFeatureScheme::parse(s);
    return c;
  };
  // Ablations of the chosen scheme (w+b+neg+q+c3-5) and other character n-gram ranges.
  for (const auto s : {"w", "w+b", "w+b+neg", "w+b+neg+q", "w+neg+q+c3-5", "w+b+q+c3-5",
                       "w+b+neg+c3-5", "w+b+neg+q+c2-4", "w+b+neg+q+c3-6"}) {
    variants.push_back(with_scheme(s));
  }
  for (const double l : {1.0, 10.0, 30.0, 100.0}) {
    Config c = base;
    c.lambda = l;
    variants.push_back(c);
  }
  for (const double o : {0.25, 1.0}) {
    Config c = base;
    c.other_weight = o;
    variants.push_back(c);
  }
  for (const double m : {1.0, 2.0, 4.0}) {
    Config c = base;
    c.meld_weight = m;
    variants.push_back(c);
  }
  for (const int df : {1, 5, 10}) {
    Config c = base;
    c.min_df = df;
    variants.push_back(c);
  }
  for (const std::size_t n : {std::size_t{6000}, std::size_t{0}}) {
    Config c = base;
    c.max_features = n;
    variants.push_back(c);
  }
  {
    Config c = base;
    c.nb = !base.nb;
    variants.push_back(c);
  }
  print_variants(train, variants);
}

void print_variants(const std::vector<Example>& train, const std::vector<Config>& variants) {
  std::printf(
      "5-fold cross-validation on train (never dev): F1 of frustrated vs neutral over the\n"
      "pooled out-of-fold scores, at the one threshold that maximises the mean of the two\n");
  std::printf("%-62s %8s %6s %6s %6s %6s | %6s %6s\n", "variant", "weights", "thr", "goe", "meld",
              "mean", "goe*", "meld*");
  for (const auto& c : variants) {
    const auto t0 = std::chrono::steady_clock::now();
    const CrossValidated h = cross_validate(train, c);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double goe_best = 0.0;
    double meld_best = 0.0;
    best_threshold(h.scored[0], goe_best);
    best_threshold(h.scored[1], meld_best);
    const double goe = count_at(h.scored[0], h.threshold).f1();
    const double meld = count_at(h.scored[1], h.threshold).f1();
    std::printf("%-62s %8zu %6.2f %6.3f %6.3f %6.3f | %6.3f %6.3f  (%.1fs)\n", c.describe().c_str(),
                h.weights, h.threshold, goe, meld, 0.5 * (goe + meld), goe_best, meld_best, secs);
    std::fflush(stdout);
  }
  std::printf("goe*/meld*: each source's best F1 over thresholds (optimistic, for reference)\n");
}

// Plain text for one line of an eval file: no tabs or line breaks.
std::string one_line(std::string_view text) {
  std::string s(text);
  for (char& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

void write_eval_file(const std::filesystem::path& path, const std::vector<Example>& examples) {
  std::ofstream out(path, std::ios::binary);
  if (!out) die(path.string() + ": cannot write");
  for (const auto& e : examples) {
    if (e.label == Label::Other) continue;
    out << (e.label == Label::Frustrated ? 1 : 0) << "\t" << one_line(e.text) << "\n";
  }
}

// For comparing with fastText: the frustrated/neutral examples of train as fastText input,
// one file per cross-validation fold and source: DIR/fold{0..4}_{goemotions,meld}.txt.
void export_fasttext(const std::filesystem::path& dir, const std::vector<Example>& train) {
  std::filesystem::create_directories(dir);
  std::array<std::array<std::ofstream, 2>, kFolds> files;
  for (std::size_t k = 0; k < kFolds; ++k) {
    for (std::size_t s = 0; s < 2; ++s) {
      const auto name = "fold" + std::to_string(k) + "_" + std::string(kSourceNames[s]) + ".txt";
      files[k][s].open(dir / name, std::ios::binary);
    }
  }
  for (const auto& e : train) {
    if (e.label == Label::Other) continue;
    files[e.fold][static_cast<std::size_t>(e.source)]
        << (e.label == Label::Frustrated ? "__label__1 " : "__label__0 ") << one_line(e.text)
        << "\n";
  }
}

struct Args {
  std::filesystem::path goemotions;
  std::filesystem::path meld;
  std::filesystem::path out;
  std::filesystem::path eval_dir;
  std::filesystem::path fasttext_dir;
  bool compare = false;
  std::string grid;
  Config config;
};

constexpr std::string_view kUsage = R"(usage: fit_text_scorer --goemotions DIR --meld DIR
    [--out data/text_scorer/weights.tsv] [--eval-dir build/eval] [--compare]
    [--export-fasttext DIR] [--scheme w+b+neg+q+c3-5] [--lambda L] [--other-weight W]
    [--meld-weight W] [--min-df N] [--prune P] [--max-features N] [--nb 0|1] [--grid "scheme=w,w+q;lambda=3,10"]
--compare: fit every variant on the fitting part of train, score the held-out part, print a table
(one setting changed at a time from the given configuration; --grid: every combination instead).
Without it: choose the threshold on the held-out part, refit on all of train, write --out, then
score the dev splits once and write them as eval-text files into --eval-dir.
)";

Args parse_args(int argc, char** argv) {
  Args a;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) die(args[i] + " needs a value\n" + std::string(kUsage));
      return args[++i];
    };
    const std::string& flag = args[i];
    if (flag == "--goemotions") {
      a.goemotions = value();
    } else if (flag == "--meld") {
      a.meld = value();
    } else if (flag == "--out") {
      a.out = value();
    } else if (flag == "--eval-dir") {
      a.eval_dir = value();
    } else if (flag == "--export-fasttext") {
      a.fasttext_dir = value();
    } else if (flag == "--compare") {
      a.compare = true;
    } else if (flag == "--grid") {
      a.compare = true;
      a.grid = value();
    } else if (flag == "--nb") {
      a.config.nb = value() == "1";
    } else if (flag == "--scheme") {
      auto s = TextFeatureScheme::parse(value());
      if (!s) die(s.error().message);
      a.config.scheme = *s;
    } else if (flag == "--lambda") {
      a.config.lambda = std::stod(value());
    } else if (flag == "--other-weight") {
      a.config.other_weight = std::stod(value());
    } else if (flag == "--meld-weight") {
      a.config.meld_weight = std::stod(value());
    } else if (flag == "--min-df") {
      a.config.min_df = std::stoi(value());
    } else if (flag == "--max-features") {
      a.config.max_features = std::stoul(value());
    } else if (flag == "--prune") {
      a.config.prune = std::stod(value());
    } else {
      die("unknown argument " + flag + "\n" + std::string(kUsage));
    }
  }
  if (a.goemotions.empty() || a.meld.empty()) die(std::string(kUsage));
  return a;
}

void describe_data(std::string_view split_name, const std::vector<Example>& examples) {
  for (std::size_t s = 0; s < 2; ++s) {
    std::array<int, 3> n{};
    for (const auto& e : examples) {
      if (static_cast<std::size_t>(e.source) == s) ++n[static_cast<std::size_t>(e.label)];
    }
    std::printf("%-5s %-10s frustrated=%d neutral=%d other=%d\n", std::string(split_name).c_str(),
                std::string(kSourceNames[s]).c_str(), n[0], n[1], n[2]);
  }
}

int run(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  std::vector<Example> train = load_goemotions(args.goemotions, "train");
  auto meld_train = load_meld(args.meld, "train");
  train.insert(train.end(), std::make_move_iterator(meld_train.begin()),
               std::make_move_iterator(meld_train.end()));
  describe_data("train", train);

  if (!args.fasttext_dir.empty()) {
    export_fasttext(args.fasttext_dir, train);
    std::printf("wrote fastText files to %s\n", args.fasttext_dir.string().c_str());
  }
  if (args.compare) {
    compare(train, args.config, args.grid);
    return 0;
  }
  if (args.out.empty()) return 0;

  const Config& config = args.config;
  std::printf("configuration: %s\n", config.describe().c_str());
  const CrossValidated h = cross_validate(train, config);
  for (std::size_t s = 0; s < 2; ++s) {
    print_counts("train 5-fold", kSourceNames[s], h.scored[s], h.threshold);
  }

  std::vector<const Example*> all;
  all.reserve(train.size());
  for (const auto& e : train) all.push_back(&e);
  const Model model = fit(all, config);
  const std::string text = render_weights(model, config, h.threshold);
  // src/data/embed.cmake compiles each data file into a constexpr string_view, whose length GCC
  // counts in a constexpr loop limited to 262144 iterations.
  constexpr std::size_t kMaxEmbeddedBytes = 262143;
  if (text.size() > kMaxEmbeddedBytes) {
    die("the weights would take " + std::to_string(text.size()) + " bytes, more than the " +
        std::to_string(kMaxEmbeddedBytes) + " that can be embedded; lower --max-features");
  }
  {
    std::ofstream out(args.out, std::ios::binary);
    if (!out) die(args.out.string() + ": cannot write");
    out << text;
  }
  std::printf("wrote %s: %zu of %zu features, %zu bytes\n", args.out.string().c_str(),
              model.names.size(), model.vocabulary, text.size());

  // Dev, once, through the file just written.
  auto scorer = TextScorer::parse(read_file(args.out), args.out.string());
  if (!scorer) die(scorer.error().message);
  const std::vector<Example> goe_dev = load_goemotions(args.goemotions, "dev");
  const std::vector<Example> meld_dev = load_meld(args.meld, "dev");
  std::vector<Example> dev = goe_dev;
  dev.insert(dev.end(), meld_dev.begin(), meld_dev.end());
  describe_data("dev", dev);
  std::vector<const Example*> dev_ptrs;
  dev_ptrs.reserve(dev.size());
  for (const auto& e : dev) dev_ptrs.push_back(&e);
  const auto scored = score_examples(*scorer, dev_ptrs);
  for (std::size_t s = 0; s < 2; ++s) {
    print_counts("dev", kSourceNames[s], scored[s], scorer->threshold());
  }
  if (!args.eval_dir.empty()) {
    std::filesystem::create_directories(args.eval_dir);
    write_eval_file(args.eval_dir / "goemotions_dev.tsv", goe_dev);
    write_eval_file(args.eval_dir / "meld_dev.tsv", meld_dev);
    std::printf("wrote %s/{goemotions,meld}_dev.tsv (label<TAB>text, frustrated vs neutral)\n",
                args.eval_dir.string().c_str());
  }
  return 0;
}

}  // namespace
}  // namespace composure

int main(int argc, char** argv) {
  return composure::run(argc, argv);
}
