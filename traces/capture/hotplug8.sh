#!/bin/sh
# 8 CPUs, two NVMe drives: read both, move every NVMe IRQ that may be moved, take
# CPUs offline and back online (managed queue IRQs are shut down and restarted).
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for d in nvme0n1 nvme1n1; do
    dd if=/dev/$d of=/dev/null bs=4k count=32 2>/dev/null
done
mask=1
for irq in $(grep nvme /proc/interrupts | cut -d: -f1); do
    echo $mask > /proc/irq/$irq/smp_affinity 2>/dev/null
    mask=$((mask * 2 % 255))
done
for c in 7 6 5 3; do echo 0 > /sys/devices/system/cpu/cpu$c/online; done
for d in nvme0n1 nvme1n1; do
    dd if=/dev/$d of=/dev/null bs=4k count=32 skip=512 2>/dev/null
done
for c in 3 5 6 7; do echo 1 > /sys/devices/system/cpu/cpu$c/online; done
for d in nvme0n1 nvme1n1; do
    dd if=/dev/$d of=/dev/null bs=4k count=32 skip=1024 2>/dev/null
done
echo "capture: done"
poweroff -f
