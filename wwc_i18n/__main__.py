"""python -m wwc_i18n update | check"""

import sys

from . import main

sys.exit(main(sys.argv[1:]))
