/* bench_quantlib.cpp -- the bench_workdays workload through QuantLib's
 * UnitedKingdom (Settlement) calendar, for comparison.
 *
 * usage: bench_quantlib [--reps R] [--limit N] WORKLOAD.bin...
 *
 * Reads the files bench_workdays --write-workload writes (format in
 * bench/README.md) and times, per query:
 *   add    n == 0 ? from : cal.advance(from, n, Days)
 *   count  from <= to ? cal.businessDaysBetween(from, to)
 *                     : -cal.businessDaysBetween(to, from)
 * which are our conventions: advance(d, n, Days) steps to the n-th business
 * day strictly after (before) d for n != 0, but rolls d itself for n == 0;
 * businessDaysBetween(a, b) with its defaults (includeFirst, not includeLast)
 * counts [a, b) for a <= b, but (b, a] when a > b, so we swap and negate.
 *
 * Every answer is compared with ours (stored in the workload).  QuantLib's
 * UK calendar is not ours, so a difference is "explained" when the two
 * calendars disagree about some day the query spans, and "unexplained"
 * otherwise; both are reported and neither fails the run.  The days the
 * calendars disagree on are listed first.
 *
 * --limit N uses only the first N queries of each file, for the answers and
 * the timing: QuantLib walks day by day, and Debian builds it with
 * QL_HIGH_RESOLUTION_DATE (a Date is a boost ptime), so each day costs
 * hundreds of ns and the full 1,000,000 queries at n = 1000 take minutes.
 * The queries are in random order, so the first N are a uniform sample. */
#include <timescale.h>

#include <ql/time/calendars/unitedkingdom.hpp>
#include <ql/time/date.hpp>
#include <ql/version.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using QuantLib::Date;

/* QuantLib's serial numbers count from 1899-12-30 (serial 0, Excel's
 * epoch); our day numbers count from 0001-01-01 (day 1), which makes
 * 1899-12-30 our day 693594 (Python: date(1899, 12, 30).toordinal()). */
const int32_t QL_EPOCH = 693594;

Date ql_date(tsc_date d) { return Date(static_cast<Date::serial_type>(d - QL_EPOCH)); }
tsc_date our_date(const Date &d) { return static_cast<tsc_date>(d.serialNumber() + QL_EPOCH); }

struct Workload {
    std::string path;
    int32_t nmin = 0, nmax = 0;
    std::vector<int32_t> from, n, to, add, count;  /* add, count: our answers */
};

bool read_workload(const char *path, Workload &w)
{
    FILE *f = std::fopen(path, "rb");
    if (!f) {
        std::perror(path);
        return false;
    }
    char magic[8];
    uint32_t count = 0, reserved = 0;
    bool ok = std::fread(magic, 1, sizeof magic, f) == sizeof magic &&
              std::memcmp(magic, "TSCWL1\0", 8) == 0 &&
              std::fread(&count, sizeof count, 1, f) == 1 &&
              std::fread(&w.nmin, sizeof w.nmin, 1, f) == 1 &&
              std::fread(&w.nmax, sizeof w.nmax, 1, f) == 1 &&
              std::fread(&reserved, sizeof reserved, 1, f) == 1;
    for (std::vector<int32_t> *v : {&w.from, &w.n, &w.to, &w.add, &w.count}) {
        if (!ok)
            break;
        v->resize(count);
        ok = std::fread(v->data(), sizeof(int32_t), count, f) == count;
    }
    std::fclose(f);
    if (!ok)
        std::fprintf(stderr, "bench_quantlib: %s: not a TSCWL1 workload\n", path);
    w.path = path;
    return ok;
}

std::string fmt(tsc_date d)
{
    char buf[16];
    tsc_date_format(d, buf, sizeof buf);
    return buf;
}

/* Where ours and QuantLib's calendars disagree, as a running count so that
 * "do they disagree anywhere in [a, b]" is two loads. */
struct Disagreements {
    tsc_date first = 0;
    std::vector<int32_t> before;   /* disagreeing days in [first, first + i) */

    void build(const tsc_calendar *cal, const QuantLib::Calendar &ql, tsc_date lo, tsc_date hi)
    {
        first = lo;
        before.assign(static_cast<size_t>(hi - lo + 2), 0);
        int shown = 0, total = 0;
        for (tsc_date d = lo; d <= hi; d++) {
            bool ours = tsc_calendar_is_working_day(cal, d) != 0;
            bool theirs = ql.isBusinessDay(ql_date(d));
            size_t i = static_cast<size_t>(d - lo);
            before[i + 1] = before[i] + (ours != theirs);
            if (ours != theirs) {
                total++;
                if (shown++ < 60)
                    std::printf("  %s  ours: %-7s QuantLib: %s\n", fmt(d).c_str(),
                                ours ? "working" : "closed", theirs ? "working" : "closed");
            }
        }
        if (shown > 60)
            std::printf("  ... and %d more\n", shown - 60);
        std::printf("calendars disagree on %d days in %s..%s\n", total, fmt(lo).c_str(),
                    fmt(hi).c_str());
    }

    bool any(tsc_date a, tsc_date b) const       /* in [a, b], either order */
    {
        if (a > b)
            std::swap(a, b);
        if (a < first || static_cast<size_t>(b - first) + 1 >= before.size())
            return true;   /* outside what we checked: cannot rule it out */
        return before[static_cast<size_t>(b - first) + 1] != before[static_cast<size_t>(a - first)];
    }
};

struct Timing {
    double best = 0, median = 0;
};

template <class F> Timing time_reps(int reps, size_t count, F run)
{
    std::vector<double> ns;
    for (int k = 0; k < reps; k++) {
        auto t0 = std::chrono::steady_clock::now();
        run();
        auto t1 = std::chrono::steady_clock::now();
        ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() /
                     static_cast<double>(count));
    }
    std::sort(ns.begin(), ns.end());
    return {ns.front(), ns[ns.size() / 2]};
}

volatile long long sink;

}  // namespace

int main(int argc, char **argv)
{
    int reps = 3;
    size_t limit = 0;
    std::vector<const char *> files;
    for (int i = 1; i < argc; i++) {
        if (!std::strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--limit") && i + 1 < argc)
            limit = static_cast<size_t>(std::strtoull(argv[++i], nullptr, 10));
        else if (argv[i][0] == '-') {
            std::fprintf(stderr, "usage: bench_quantlib [--reps R] [--limit N] WORKLOAD.bin...\n");
            return 2;
        } else
            files.push_back(argv[i]);
    }
    if (files.empty() || reps < 1) {
        std::fprintf(stderr, "usage: bench_quantlib [--reps R] [--limit N] WORKLOAD.bin...\n");
        return 2;
    }

    tsc_calendar *ours = nullptr;
    if (tsc_calendar_open("england-and-wales", &ours, nullptr) != TSC_OK) {
        std::fprintf(stderr, "bench_quantlib: cannot open england-and-wales\n");
        return 2;
    }
    QuantLib::Calendar uk = QuantLib::UnitedKingdom(QuantLib::UnitedKingdom::Settlement);
    std::printf("QuantLib %s, %s calendar; best/median of %d\n", QL_VERSION, uk.name().c_str(),
                reps);

    tsc_date lo = 0, hi = 0;
    tsc_date_from_ymd(1990, 1, 1, &lo, nullptr);
    tsc_date_from_ymd(2110, 12, 31, &hi, nullptr);
    std::printf("days where england-and-wales and QuantLib's UK calendar differ:\n");
    Disagreements diff;
    diff.build(ours, uk, lo, hi);

    for (const char *file : files) {
        Workload w;
        if (!read_workload(file, w))
            return 2;
        size_t total = limit && limit < w.from.size() ? limit : w.from.size();
        int range = static_cast<int>(w.nmax);
        std::vector<Date> from(total), to(total);
        for (size_t i = 0; i < total; i++) {
            from[i] = ql_date(w.from[i]);
            to[i] = ql_date(w.to[i]);
        }
        std::vector<int32_t> add(total), count(total);

        auto run_add = [&](size_t upto) {
            long long sum = 0;
            for (size_t i = 0; i < upto; i++) {
                Date r = w.n[i] ? uk.advance(from[i], w.n[i], QuantLib::Days) : from[i];
                add[i] = our_date(r);
                sum += add[i];
            }
            sink = sink + sum;
        };
        auto run_count = [&](size_t upto) {
            long long sum = 0;
            for (size_t i = 0; i < upto; i++) {
                auto c = from[i] <= to[i] ? uk.businessDaysBetween(from[i], to[i])
                                          : -uk.businessDaysBetween(to[i], from[i]);
                count[i] = static_cast<int32_t>(c);
                sum += c;
            }
            sink = sink + sum;
        };

        /* One pass for the answers, then the timed runs. */
        run_add(total);
        run_count(total);
        size_t add_wrong = 0, add_unexplained = 0, count_wrong = 0, count_unexplained = 0;
        for (size_t i = 0; i < total; i++) {
            if (add[i] != w.add[i]) {
                add_wrong++;
                tsc_date a = std::min({w.from[i], add[i], w.add[i]});
                tsc_date b = std::max({w.from[i], add[i], w.add[i]});
                if (!diff.any(a, b) && add_unexplained++ < 5)
                    std::printf("  UNEXPLAINED add %s %+d: ours %s, QuantLib %s\n",
                                fmt(w.from[i]).c_str(), w.n[i], fmt(w.add[i]).c_str(),
                                fmt(add[i]).c_str());
            }
            if (count[i] != w.count[i]) {
                count_wrong++;
                if (!diff.any(w.from[i], w.to[i]) && count_unexplained++ < 5)
                    std::printf("  UNEXPLAINED count %s..%s: ours %d, QuantLib %d\n",
                                fmt(w.from[i]).c_str(), fmt(w.to[i]).c_str(), w.count[i],
                                count[i]);
            }
        }
        Timing ta = time_reps(reps, total, [&] { run_add(total); });
        Timing tc = time_reps(reps, total, [&] { run_count(total); });
        std::printf("%s: first %zu of %zu queries, n in [%d, %d]\n", file, total, w.from.size(),
                    static_cast<int>(w.nmin), range);
        std::printf("  add    advance              best %10.2f  median %10.2f ns/op; "
                    "%zu differ from ours (%zu not explained by the calendars)\n",
                    ta.best, ta.median, add_wrong, add_unexplained);
        std::printf("  count  businessDaysBetween  best %10.2f  median %10.2f ns/op; "
                    "%zu differ from ours (%zu not explained by the calendars)\n",
                    tc.best, tc.median, count_wrong, count_unexplained);
        std::printf("RESULT impl=quantlib method=advance op=add range=%d best=%.3f median=%.3f "
                    "reps=%d queries=%zu mismatches=%zu unexplained=%zu\n",
                    range, ta.best, ta.median, reps, total, add_wrong, add_unexplained);
        std::printf("RESULT impl=quantlib method=businessDaysBetween op=count range=%d best=%.3f "
                    "median=%.3f reps=%d queries=%zu mismatches=%zu unexplained=%zu\n",
                    range, tc.best, tc.median, reps, total, count_wrong, count_unexplained);
    }
    tsc_calendar_free(ours);
    return 0;
}
