#include "curation.h"
