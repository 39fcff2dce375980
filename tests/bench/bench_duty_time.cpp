// Benchmark: the duty-time reader on what staff write — ordinary staff messages (the reader's cost on every one)
// and declarations — side by side with folding the same text alone (the least any reading does). Prints
// figures; asserts nothing. Issue 13 asks for under 20 µs per ordinary message.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "handlers/common/text_util.h"
#include "handlers/duty/duty_time.h"

using namespace dutybot;
using Steady = std::chrono::steady_clock;

namespace {

const std::vector<std::string> kOrdinary = {
    "Коллеги, кто сегодня отвечает в чате Турции? Там клиент спрашивает про трансфер из аэропорта Анталии.",
    "Спасибо!",
    "Ок, взяла",
    "Клиент из Египта просит перезвонить после 18:00, номер в заявке r-1234.",
    "Напоминаю: до конца месяца нужно закрыть все заявки со статусом «ждём клиента».",
    "Кто знает, в Rixos Premium Belek есть аквапарк для детей до 12 лет?",
    "Борис, посмотрите, пожалуйста, вопрос клиента в ОАЭ: виза по прилёту для граждан Казахстана.",
    "Доброе утро всем!",
    "Я на обеде до 14, потом на связи",
    "Перезвонила клиенту, всё в порядке, тур оплачен.",
    "У кого есть актуальные цены на Мальдивы на новогодние праздники? Клиенты спрашивают с 28.12 по 08.01.",
    "Олег, вы завтра с 9 дежурите?",
    "Пропущенный звонок с +7 916 123-45-67 — кто перезвонит?",
    "Клиентка хочет поменять даты вылета с 5 на 7 декабря, туроператор Анекс, что нужно сделать?",
    "+",
    "Вечером буду после 20:00",
    "Не забудьте отметить в заявках, кому перезвонили.",
    "Отель подтвердил раннее заселение в 10:00 по местному времени.",
    "Кто дежурит в эти выходные? Нужно подменить Анну в субботу.",
    "Сделала подборку по Таиланду для клиента из Новосибирска, отправила в личку.",
};
const std::vector<std::string> kDeclarations = {
    "Дежурю до 21:00",
    "Всем привет! Дежурю до 9 вечера, если что — пишите",
    "Заступила на дежурство до 20:00 по Самаре",
    "Дежурю до пятницы 18:00",
    "Дежурю ещё полтора часа",
    "Дежурю с 9:00 по 18:00",
    "Дежурю до половины восьмого утра",
    "Сегодня на смене до 23:00 мск",
};

template <class F>
double median_us_per_text(const std::vector<std::string>& texts, int rounds, F&& f) {
  std::vector<double> runs;
  std::size_t sink = 0;
  for (int run = 0; run < 5; ++run) {
    const auto t0 = Steady::now();
    for (int i = 0; i < rounds; ++i)
      for (const auto& t : texts) sink += f(t);
    const auto t1 = Steady::now();
    runs.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count() /
                   static_cast<double>(rounds * texts.size()));
  }
  std::sort(runs.begin(), runs.end());
  if (sink == 42) std::puts("");  // keeps the work from being optimised away
  return runs[runs.size() / 2];
}

}  // namespace

int main() {
  const auto* zone = date::locate_zone("Europe/Moscow");
  const TimePoint now = from_unix_ms(1'795'000'000'000);
  const int rounds = 2000;
  const double fold_ordinary =
      median_us_per_text(kOrdinary, rounds, [](const std::string& t) { return text::fold(t).size(); });
  const double classify_ordinary = median_us_per_text(
      kOrdinary, rounds, [](const std::string& t) { return static_cast<std::size_t>(duty::classify_duty_message(t)); });
  const double fold_declarations =
      median_us_per_text(kDeclarations, rounds, [](const std::string& t) { return text::fold(t).size(); });
  const double read_declarations = median_us_per_text(kDeclarations, rounds, [&](const std::string& t) {
    return duty::classify_duty_message(t) == duty::Intent::declaration ? duty::read_duty_end(t, now, zone).index() + 1
                                                                       : std::size_t{0};
  });
  std::printf("duty-time reader, medians of 5 runs of %d rounds\n", rounds);
  std::printf("%-44s %14s %14s\n", "", "fold only, µs", "reader, µs");
  std::printf("%-44s %14.2f %14.2f\n", "ordinary staff message (classify)", fold_ordinary, classify_ordinary);
  std::printf("%-44s %14.2f %14.2f\n", "declaration (classify + read the end)", fold_declarations, read_declarations);
  return 0;
}
