#!/bin/sh
# 2 CPUs: a short boot with NVMe reads on both CPUs, CPU 1 offline and back.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
taskset 2 dd if=/dev/nvme0n1 of=/dev/null bs=4k count=16 2>/dev/null
echo 0 > /sys/devices/system/cpu/cpu1/online
dd if=/dev/nvme0n1 of=/dev/null bs=4k count=16 skip=64 2>/dev/null
echo 1 > /sys/devices/system/cpu/cpu1/online
taskset 2 dd if=/dev/nvme0n1 of=/dev/null bs=4k count=16 skip=128 2>/dev/null
echo "capture: done"
poweroff -f
