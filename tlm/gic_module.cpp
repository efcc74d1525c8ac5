/* gicsim::Gic: sockets, time and signals around the C core (gic_module.h). */
#include "gic_module.h"

#include <algorithm>
#include <cstring>

#include "extensions.h"

namespace gicsim {

using sc_core::sc_time;
using tlm::tlm_generic_payload;

static constexpr unsigned MAX_DMI_REGIONS = 16;

uint64_t Gic::now_ps()
{
    return sc_core::sc_time_stamp().value(); /* resolution is 1 ps (checked) */
}

sc_time Gic::ps(uint64_t t)
{
    return sc_time::from_value(t);
}

Gic::Gic(sc_core::sc_module_name name, const gic_config_t &cfg)
    : sc_module(name), gicd("gicd"), gicr("gicr"), its_ctrl("its_ctrl"),
      its_trans("its_trans"), its_sgi("its_sgi"), mem("mem"), irq("irq"), fiq("fiq"), cfg_(cfg)
{
    char err[200];
    if (sc_core::sc_get_time_resolution() != sc_time(1, sc_core::SC_PS)) {
        error_ = "the SystemC time resolution must be 1 ps (the core counts in ps)";
        return;
    }
    if (!gic_config_check(&cfg_, err, sizeof(err))) {
        error_ = err;
        return;
    }
    cfg_.mem = gic_mem_port_t{this, mem_read_cb, mem_write_cb};
    gic_ = gic_create(&cfg_, err, sizeof(err));
    if (!gic_) {
        error_ = err;
        return;
    }
    its_ctrl.init(cfg_.num_its);
    its_trans.init(cfg_.num_its);
    its_sgi.init(cfg_.virt.gicv4 ? cfg_.num_its : 0); /* unbound sockets would not elaborate */
    irq.init(cfg_.num_cpus);
    fiq.init(cfg_.num_cpus);
    line_dirty_.assign(2 * cfg_.num_cpus, false);

    /* One socket per frame of the core's map; the tag is the frame's index in it. */
    frames_.resize(gic_frames(gic_, nullptr, 0));
    gic_frames(gic_, frames_.data(), frames_.size());
    for (size_t k = 0; k < frames_.size(); k++) {
        target_socket &s = socket(frames_[k]);
        s.register_b_transport(this, &Gic::b_transport, (int)k);
        s.register_transport_dbg(this, &Gic::transport_dbg, (int)k);
    }
    mem.register_invalidate_direct_mem_ptr(this, &Gic::invalidate_dmi);
    gic_set_signal_handler(gic_, on_signal, this);

    SC_HAS_PROCESS(Gic);
    SC_METHOD(run_scheduler); /* initialised: arms itself at time 0 */
    SC_METHOD(drive_lines);
    sensitive << lines_changed_;
    dont_initialize();
}

Gic::target_socket &Gic::socket(const gic_frame_t &f)
{
    switch (f.kind) {
    case GIC_FRAME_GICD:
        return gicd;
    case GIC_FRAME_GICR:
        return gicr;
    case GIC_FRAME_ITS_CTRL:
        return its_ctrl[f.index];
    case GIC_FRAME_ITS_SGI:
        return its_sgi[f.index];
    case GIC_FRAME_ITS_TRANSLATER:
        break;
    }
    return its_trans[f.index];
}

Gic::~Gic()
{
    gic_destroy(gic_);
}

/* ---- time ---------------------------------------------------------------------- */

/* The core's clock stands still between its events; an access brings it to now first.
 * Only when it is behind: events due at this very instant stay with run_scheduler. */
void Gic::enter()
{
    uint64_t now = now_ps();
    if (gic_now(gic_) < now)
        gic_run_until(gic_, now);
}

/* The access may have scheduled an event earlier than the one run_scheduler waits for. */
void Gic::leave()
{
    if (gic_next_event_time(gic_) < armed_at_) {
        armed_at_ = now_ps(); /* it runs in this evaluation phase: one notification */
        rearm_.notify();
    }
}

void Gic::run_scheduler()
{
    uint64_t now = now_ps();
    if (gic_next_event_time(gic_) <= now)
        gic_run_until(gic_, now);
    armed_at_ = gic_next_event_time(gic_);
    if (armed_at_ == GIC_TIME_NEVER)
        next_trigger(rearm_);
    else
        next_trigger(ps(armed_at_ - now), rearm_);
}

/* ---- IRQ/FIQ ------------------------------------------------------------------- */

/* The core calls this from whichever process made it change a line; the ports are
 * written by one process (drive_lines), as a signal with one driver requires. */
void Gic::on_signal(void *opaque, unsigned cpu, gic_signal_t sig, bool level)
{
    (void)level; /* drive_lines writes the level the line has by then */
    Gic *g = static_cast<Gic *>(opaque);
    unsigned k = 2 * cpu + (sig == GIC_SIG_FIQ);
    if (!g->line_dirty_[k]) {
        g->line_dirty_[k] = true;
        g->dirty_lines_.push_back(k);
    }
    g->lines_changed_.notify();
}

void Gic::drive_lines()
{
    for (unsigned k : dirty_lines_) {
        line_dirty_[k] = false;
        bool fiq_line = k & 1;
        bool level = gic_signal_level(gic_, k / 2, fiq_line ? GIC_SIG_FIQ : GIC_SIG_IRQ);
        (fiq_line ? fiq : irq)[k / 2].write(level);
    }
    dirty_lines_.clear();
}

/* ---- register frames ----------------------------------------------------------- */

static gic_attrs_t attrs_of(tlm_generic_payload &t)
{
    gic_attrs_t a = {false, 0};
    SecureExtension *s = nullptr;
    DeviceIdExtension *d = nullptr;
    t.get_extension(s);
    t.get_extension(d);
    if (s)
        a.secure = s->secure;
    if (d)
        a.device_id = d->device_id;
    return a;
}

/* Register data is little-endian on the bus, whatever the host. */
static uint64_t load_le(const unsigned char *p, unsigned len)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < len; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void store_le(unsigned char *p, unsigned len, uint64_t v)
{
    for (unsigned i = 0; i < len; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static bool register_size(unsigned len)
{
    return len == 1 || len == 2 || len == 4 || len == 8;
}

/* The register access a byte-enable pattern asks for: its enabled bytes must form one
 * run of 1, 2, 4 or 8 bytes, aligned to its size at the register offset, which the core
 * then takes as a narrower access (`first` is the run's position in the data). Any
 * other pattern (a hole, nothing enabled, misaligned) is refused. */
static bool enabled_run(const tlm_generic_payload &t, uint64_t off, unsigned &first,
                        unsigned &size)
{
    const unsigned char *be = t.get_byte_enable_ptr();
    unsigned be_len = t.get_byte_enable_length(), len = t.get_data_length();
    unsigned lo = len, hi = 0;
    for (unsigned i = 0; be_len && i < len; i++) {
        if (be[i % be_len] == TLM_BYTE_DISABLED) /* the pattern repeats */
            continue;
        if (lo != len && hi + 1 != i)
            return false; /* a hole */
        if (lo == len)
            lo = i;
        hi = i;
    }
    if (lo == len)
        return false;
    first = lo;
    size = hi - lo + 1;
    return register_size(size) && (off + first) % size == 0;
}

void Gic::b_transport(int tag, tlm_generic_payload &t, sc_time &delay)
{
    const gic_frame_t &f = frames_[(size_t)tag];
    uint64_t off = t.get_address();
    unsigned len = t.get_data_length();
    if (!register_size(len) || t.get_streaming_width() < len) {
        t.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    if (off >= f.size || f.size - off < len) {
        t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    unsigned first = 0, size = len;
    if (t.get_byte_enable_ptr() && !enabled_run(t, off, first, size)) {
        t.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (t.is_read() || t.is_write()) {
        unsigned char *data = t.get_data_ptr() + first; /* disabled bytes: untouched */
        enter();
        uint64_t v = t.is_write() ? load_le(data, size) : 0;
        gic_status_t st = t.is_write()
                              ? gic_mmio_write(gic_, f.base + off + first, size, v, attrs_of(t))
                              : gic_mmio_read(gic_, f.base + off + first, size, attrs_of(t), &v);
        if (t.is_read())
            store_le(data, size, v);
        delay += ps(gic_last_access_time(gic_));
        leave();
        t.set_response_status(st == GIC_OK ? tlm::TLM_OK_RESPONSE
                                           : tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    t.set_response_status(tlm::TLM_OK_RESPONSE); /* TLM_IGNORE_COMMAND */
}

/* Debug reads go through gic_mmio_peek: no trace event, no guest error, no access
 * time, and the core's clock is not brought forward (a debugger must not run the
 * simulation). A block is read as 32-bit words; a word a real read would find RAZ
 * (reserved, write-only) reads as zero. Debug writes are refused (0 bytes): a register
 * write always acts on the GIC (CWRITER runs commands, GITS_TRANSLATER is an MSI), so
 * there is no write without side effects to offer. */
unsigned Gic::transport_dbg(int tag, tlm_generic_payload &t)
{
    const gic_frame_t &f = frames_[(size_t)tag];
    uint64_t off = t.get_address();
    unsigned len = t.get_data_length();
    if (!t.is_read() || off >= f.size || f.size - off < len)
        return 0;
    unsigned step = register_size(len) ? len : 4;
    if (len % step || off % step)
        return 0;
    for (unsigned done = 0; done < len; done += step) {
        uint64_t v = 0;
        if (gic_mmio_peek(gic_, f.base + off + done, step, attrs_of(t), &v) == GIC_ERR_UNMAPPED)
            return done;
        store_le(t.get_data_ptr() + done, step, v);
    }
    return len;
}

/* ---- CPU interface and wires ---------------------------------------------------- */

gic_status_t Gic::sysreg_read(unsigned cpu, gic_sysreg_t reg, uint64_t *val)
{
    enter();
    gic_status_t st = gic_sysreg_read(gic_, cpu, reg, val);
    leave();
    return st;
}

gic_status_t Gic::sysreg_write(unsigned cpu, gic_sysreg_t reg, uint64_t val)
{
    enter();
    gic_status_t st = gic_sysreg_write(gic_, cpu, reg, val);
    leave();
    return st;
}

gic_status_t Gic::set_cpu_secure(unsigned cpu, bool secure)
{
    enter();
    gic_status_t st = gic_cpu_set_secure(gic_, cpu, secure);
    leave();
    return st;
}

gic_status_t Gic::set_cpu_el(unsigned cpu, unsigned el, bool imo, bool fmo)
{
    enter();
    gic_status_t st = gic_cpu_set_el(gic_, cpu, el, imo, fmo);
    leave();
    return st;
}

gic_status_t Gic::set_spi(unsigned intid, bool level)
{
    enter();
    gic_status_t st = gic_set_spi(gic_, intid, level);
    leave();
    return st;
}

gic_status_t Gic::set_ppi(unsigned cpu, unsigned intid, bool level)
{
    enter();
    gic_status_t st = gic_set_ppi(gic_, cpu, intid, level);
    leave();
    return st;
}

/* ---- memory port ---------------------------------------------------------------- */

int Gic::mem_read_cb(void *opaque, uint64_t addr, void *buf, size_t len)
{
    return static_cast<Gic *>(opaque)->mem_access(tlm::TLM_READ_COMMAND, addr,
                                                  static_cast<unsigned char *>(buf), len);
}

int Gic::mem_write_cb(void *opaque, uint64_t addr, const void *buf, size_t len)
{
    /* TLM's payload takes a non-const pointer; a write command does not modify it. */
    return static_cast<Gic *>(opaque)->mem_access(
        tlm::TLM_WRITE_COMMAND, addr, static_cast<unsigned char *>(const_cast<void *>(buf)), len);
}

const Gic::dmi_region *Gic::dmi_find(uint64_t addr, size_t len, bool write) const
{
    for (const dmi_region &r : dmi_)
        if (addr >= r.start && addr <= r.end && len - 1 <= r.end - addr &&
            (write ? r.write : r.read))
            return &r;
    return nullptr;
}

void Gic::dmi_request(uint64_t addr)
{
    tlm_generic_payload p;
    tlm::tlm_dmi d;
    p.set_command(tlm::TLM_READ_COMMAND);
    p.set_address(addr);
    if (!mem->get_direct_mem_ptr(p, d) || !d.get_dmi_ptr())
        return;
    dmi_region r = {d.get_start_address(), d.get_end_address(), d.get_dmi_ptr(),
                    d.is_read_allowed(), d.is_write_allowed()};
    if (dmi_.size() < MAX_DMI_REGIONS) {
        dmi_.push_back(r);
    } else {
        dmi_[dmi_next_] = r;
        dmi_next_ = (dmi_next_ + 1) % MAX_DMI_REGIONS;
    }
}

void Gic::invalidate_dmi(sc_dt::uint64 start, sc_dt::uint64 end)
{
    dmi_.erase(std::remove_if(dmi_.begin(), dmi_.end(),
                              [=](const dmi_region &r) { return r.start <= end && start <= r.end; }),
               dmi_.end());
    dmi_next_ = 0;
}

/* The core's table and queue accesses are synchronous: the memory target must answer
 * without calling wait() (it may run in run_scheduler, a method process). Its annotated
 * delay is not added anywhere: memory latency is the core's timing profile's to model
 * (mem_read_ns, mem_write_ns). */
int Gic::mem_access(tlm::tlm_command cmd, uint64_t addr, unsigned char *buf, size_t len)
{
    if (!len)
        return 0;
    bool write = cmd == tlm::TLM_WRITE_COMMAND;
    if (const dmi_region *r = dmi_find(addr, len, write)) {
        unsigned char *p = r->ptr + (addr - r->start);
        if (write)
            std::memcpy(p, buf, len);
        else
            std::memcpy(buf, p, len);
        return 0;
    }
    sc_time delay = sc_core::SC_ZERO_TIME;
    mem_trans_.set_command(cmd);
    mem_trans_.set_address(addr);
    mem_trans_.set_data_ptr(buf);
    mem_trans_.set_data_length((unsigned)len);
    mem_trans_.set_streaming_width((unsigned)len);
    mem_trans_.set_byte_enable_ptr(nullptr);
    mem_trans_.set_dmi_allowed(false);
    mem_trans_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    mem->b_transport(mem_trans_, delay);
    if (mem_trans_.is_response_error())
        return 1; /* an external abort: the core handles it as the architecture says */
    if (mem_trans_.is_dmi_allowed())
        dmi_request(addr);
    return 0;
}

} // namespace gicsim
