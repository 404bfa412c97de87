from .models import ContactDetails


def site(request):
    return {"contact": ContactDetails.load()}
